using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Sample.Api;
using Latchkey.Signing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests;

/// <summary>Issue 9, resource servers: the signed host is checked, V1 is opt-in, the verify call must be V3, its JSON is validated.</summary>
public sealed class ResourceServerTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private static readonly HttpClient Http = new();

    private Uri VerifyTarget => new(new Uri(fixture.Latchkey.Url), "/api/verify");

    [Fact]
    public async Task Handler_V3SignedForAnotherHost_IsRefusedWithInvalidParameterHost()
    {
        var caller = await fixture.NewAccountKeyAsync();
        // Signed for another service that trusts the same Latchkey server, then sent here with its Host.
        var signed = RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, "payments.example.com", RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        using var message = Message(fixture.SampleUrl, signed);
        message.Headers.Host = "payments.example.com";

        using var response = await Http.SendAsync(message);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter.Host", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task Handler_ByDefault_RefusesSignatureV1()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        await using var strict = SampleApi.Build([
            "--urls=http://127.0.0.1:0",
            $"--Latchkey:Endpoint={fixture.Latchkey.Url}",
            $"--Latchkey:AccessKeyId={resource.AccessKeyId}",
            $"--Latchkey:AccessKeySecret={resource.Secret}",
            "--Latchkey:AllowedHosts:0=127.0.0.1",
        ], builder => builder.Logging.ClearProviders());
        await strict.StartAsync();
        var url = strict.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var v1 = RequestSigner.SignV1(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        var v3 = RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", []), caller.AccessKeyId, caller.Secret, new Uri(url).Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

        using var v1Response = await Http.SendAsync(Message(url, v1));
        using var v3Response = await Http.SendAsync(Message(url, v3));
        var v1Body = JsonDocument.Parse(await v1Response.Content.ReadAsStringAsync()).RootElement;
        await strict.StopAsync();

        Assert.Equal(HttpStatusCode.BadRequest, v1Response.StatusCode);
        Assert.Equal("InvalidSignatureMethod", v1Body.GetProperty("Code").GetString());
        Assert.Equal(HttpStatusCode.OK, v3Response.StatusCode);
    }

    [Fact]
    public void Options_WithoutAllowedHosts_AreRefused()
    {
        var options = new LatchkeyAuthenticationOptions { Endpoint = new Uri("http://127.0.0.1:1"), AccessKeyId = "LKAAAAAAAAAAAAAAAAAAAAAA", AccessKeySecret = "secret" };

        var refused = Assert.Throws<InvalidOperationException>(options.Validate);
        options.AllowedHosts.Add("api.example.com");
        options.Validate();

        Assert.Contains("AllowedHosts", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyApi_CallSignedWithV1_IsRefused()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var body = VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, "api.example.com"));
        // V1 signs the query only; the JSON body that names the request to verify would be unsigned.
        var v1 = RequestSigner.SignV1(new RpcCall("VerifyRequest", "2025-01-01", []), resource.AccessKeyId, resource.Secret, "POST", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(VerifyTarget, "/api/verify" + v1.PathAndQuery[1..])) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Http.SendAsync(message);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidSignatureMethod", answer.GetProperty("Code").GetString());
        Assert.Equal("VerifyCall", answer.GetProperty("Scope").GetString());
    }

    [Fact]
    public async Task VerifyApi_HostOutsideAllowedHosts_IsRefused_AndInsideIsAccepted()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var refusedBody = VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, "payments.example.com"), allowedHosts: ["api.example.com"]);
        var acceptedBody = VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, "api.example.com:8443"), allowedHosts: ["api.example.com"]);

        var refused = await PostAsync(refusedBody, resource);
        var accepted = await PostAsync(acceptedBody, resource);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("InvalidParameter.Host", refused.Body.GetProperty("Code").GetString());
        Assert.Equal("Request", refused.Body.GetProperty("Scope").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task VerifyApi_HeaderNamesDifferingOnlyInCase_Returns400()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var body = Encoding.UTF8.GetString(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, "api.example.com")))
            .Replace("\"Headers\":{", "\"Headers\":{\"X-Acs-Date\":\"2020-01-01T00:00:00Z\",", StringComparison.Ordinal);

        var (status, answer) = await PostAsync(Encoding.UTF8.GetBytes(body), resource);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameter", answer.GetProperty("Code").GetString());
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.1; DROP")]
    [InlineData("999.1.1.1")]
    public async Task VerifyApi_MalformedSourceIp_Returns400(string sourceIp)
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();

        var (status, answer) = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, "api.example.com"), sourceIp: sourceIp), resource);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameter", answer.GetProperty("Code").GetString());
    }

    private static HttpRequestMessage Message(string baseUrl, SignedHttpRequest signed)
    {
        var message = new HttpRequestMessage(new HttpMethod(signed.Method), baseUrl.TrimEnd('/') + signed.PathAndQuery);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (signed.ContentType is not null)
        {
            message.Content = new ByteArrayContent(signed.Body.ToArray());
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType);
        }

        return message;
    }

    private static SignedHttpRequest ClientRequest(string id, string secret, string host) =>
        RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", [new("PageSize", "5")]), id, secret, host, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

    private static byte[] VerifyBody(SignedHttpRequest client, string[]? allowedHosts = null, string? sourceIp = null)
    {
        var question = client.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            client.Method,
            Path = question < 0 ? client.PathAndQuery : client.PathAndQuery[..question],
            Query = question < 0 ? "" : client.PathAndQuery[(question + 1)..],
            Headers = client.Headers.ToDictionary(h => h.Key, h => h.Value),
            Body = Convert.ToBase64String(client.Body.ToArray()),
            client.ContentType,
            SourceIp = sourceIp,
            AllowedHosts = allowedHosts,
        });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(byte[] body, (string AccountId, string AccessKeyId, string Secret) signer)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, VerifyTarget) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signed = RequestSigner.SignV3Request("POST", "/api/verify", body, "application/json", "VerifyRequest", "2025-01-01", signer.AccessKeyId, signer.Secret, VerifyTarget.Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        foreach (var (name, value) in signed.Headers.Where(h => h.Key != "host"))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(message);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
