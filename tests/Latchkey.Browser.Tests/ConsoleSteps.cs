using System.Text.Json;
using Latchkey.Signing;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>The clicks of the seed procedure that both journeys share, each with its checks.</summary>
internal static class ConsoleSteps
{
    public const string Password = "Str0ng!Passw0rd";

    public static async Task LogOnAsync(IPage page, string logonName, string password = Password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Logon Name").FillAsync(logonName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log On" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, " + logonName }).WaitForAsync();
    }

    public static async Task LogOffAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Profile: ") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Log Off" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Log On" }).WaitForAsync();
    }

    /// <summary>
    /// Clicks Create AccessKey, checks the dialog (no-store, CSV download, Copy) and returns the pair
    /// it showed, leaving the dialog open.
    /// </summary>
    public static async Task<(string Id, string Secret)> CreateAccessKeyAsync(IPage page, string? screenshot = null)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create AccessKey" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(200, response.Status);
        Assert.Contains("no-store", (await response.AllHeadersAsync())["cache-control"], StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Create", response.Url.Split('?')[0], StringComparison.Ordinal);

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create AccessKey" });
        await dialog.WaitForAsync();
        var id = (await page.Locator("#created-access-key-id").TextContentAsync())!.Trim();
        var secret = (await page.Locator("#created-access-key-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("LK", id, StringComparison.Ordinal);
        Assert.True(secret.Length >= 30, "the secret is shown in the dialog");
        Assert.Contains("cannot be shown again", await dialog.TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);

        var download = await page.RunAndWaitForDownloadAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Download CSV File" }).ClickAsync());
        Assert.Equal("AccessKey.csv", download.SuggestedFilename);
        Assert.StartsWith("blob:", download.Url, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal($"AccessKey ID,AccessKey Secret\r\n{id},{secret}\r\n", csv);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await dialog.GetByText("Copied the AccessKey ID and AccessKey secret.").WaitForAsync();
        var clipboard = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal($"AccessKey ID: {id}\nAccessKey Secret: {secret}", clipboard);

        if (screenshot is not null)
        {
            // The docs show the dialog from this throwaway server, with the secret blurred all the same.
            await page.EvaluateAsync("() => { document.getElementById('created-access-key-secret').style.filter = 'blur(8px)'; }");
            await Screenshots.TakeAsync(page, screenshot);
            await page.EvaluateAsync("() => { document.getElementById('created-access-key-secret').style.filter = ''; }");
        }

        return (id, secret);
    }

    /// <summary>Closes the dialog, then proves no reload, back step or page HTML shows the secret again.</summary>
    public static async Task CloseDialogAndProveSecretGoneAsync(IPage page, string secret, string listPath)
    {
        var list = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Dialog, new() { Name = "Create AccessKey" }).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.EndsWith(listPath, StringComparison.Ordinal));
        Assert.Contains("no-store", (await list.AllHeadersAsync())["cache-control"], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await list.TextAsync(), StringComparison.Ordinal);
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ReloadAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.EndsWith(listPath, page.Url, StringComparison.Ordinal);

        await page.GoBackAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GotoAsync(listPath);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>Signs GetCallerIdentity with the pair and sends it to the same server.</summary>
    public static async Task<JsonElement> GetCallerIdentityAsync(HttpClient http, string id, string secret)
    {
        var (status, body) = await SendGetCallerIdentityAsync(http, id, secret);
        Assert.True(status == 200, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public static async Task<(int Status, string Body)> SendGetCallerIdentityAsync(HttpClient http, string id, string secret)
    {
        var signed = RequestSigner.SignV1(
            new RpcCall("GetCallerIdentity", "2015-04-01", []), id, secret, "GET", V1Placement.Query,
            RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        using var response = await http.GetAsync(new Uri(signed.PathAndQuery.TrimStart('/'), UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static ILocator Row(IPage page, string accessKeyId) => page.Locator($"tr[data-access-key-id='{accessKeyId}']");
}
