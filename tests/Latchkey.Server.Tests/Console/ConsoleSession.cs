using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Latchkey.Server.Tests.Console;

/// <summary>A cookie-keeping client that reads form tokens from the console's HTML, like a browser would.</summary>
public sealed partial class ConsoleSession(WebApplicationFactory<Program> factory) : IDisposable
{
    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> GetHtmlAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static string TokenIn(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "the page has an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form from the page at <paramref name="pagePath"/> with that page's token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var token = TokenIn(await GetHtmlAsync(pagePath));
        return await PostAsync(action, [.. fields, ("__RequestVerificationToken", token)]);
    }

    public Task<HttpResponseMessage> PostAsync(string action, params (string Name, string Value)[] fields) =>
        Http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public async Task LogOnAsync(string logonName, string password)
    {
        using var response = await PostFormAsync("/console/logon", "/console/logon", ("LogonName", logonName), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
