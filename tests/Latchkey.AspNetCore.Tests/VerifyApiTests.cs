using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests;

/// <summary>The verify API itself: only an authenticated resource server may call it; the verified request keeps every rule.</summary>
public sealed class VerifyApiTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private static readonly HttpClient Http = new();

    private static byte[] VerifyBody(SignedHttpRequest client, string host)
    {
        var headers = client.Headers.ToDictionary(h => h.Key, h => h.Value);
        var question = client.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            client.Method,
            Host = host,
            Path = question < 0 ? client.PathAndQuery : client.PathAndQuery[..question],
            Query = question < 0 ? "" : client.PathAndQuery[(question + 1)..],
            Headers = headers,
            Body = Convert.ToBase64String(client.Body.ToArray()),
            client.ContentType,
        });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(byte[] body, (string Id, string Secret)? signer)
    {
        var target = new Uri(new Uri(fixture.Latchkey.Url), "/api/verify");
        using var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        if (signer is { } s)
        {
            var signed = RequestSigner.SignV3Request("POST", "/api/verify", body, "application/json", "VerifyRequest", "2025-01-01", s.Id, s.Secret, target.Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
            foreach (var (name, value) in signed.Headers.Where(h => h.Key != "host"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(message);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static SignedHttpRequest ClientRequest(string id, string secret, DateTimeOffset at) =>
        RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", [new("PageSize", "5")]), id, secret, "api.example.com", RequestSigner.NewNonce(), at);

    [Fact]
    public async Task Verify_SignedByResourceServer_ReturnsThePrincipal()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();

        var (status, body) = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), (resource.AccessKeyId, resource.Secret));

        Assert.Equal(HttpStatusCode.OK, status);
        var principal = body.GetProperty("Principal");
        Assert.Equal(caller.AccountId, principal.GetProperty("AccountId").GetString());
        Assert.Equal(caller.AccessKeyId, principal.GetProperty("AccessKeyId").GetString());
        Assert.Equal("Account", principal.GetProperty("IdentityType").GetString());
        Assert.Equal("DescribeWidgets", body.GetProperty("Action").GetString());
        Assert.Equal("2024-01-01", body.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task Verify_Unauthenticated_IsRefused()
    {
        var caller = await fixture.NewAccountKeyAsync();

        var (status, body) = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MissingSignature", body.GetProperty("Code").GetString());
        Assert.Equal("VerifyCall", body.GetProperty("Scope").GetString());
        Assert.EndsWith("/docs/errors/MissingSignature", body.GetProperty("Recommend").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("RequestId").GetString()));
    }

    [Fact]
    public async Task Verify_StaleTimestamp_ReturnsTimestampExpiredForTheRequest()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var stale = TimeProvider.System.GetUtcNow().AddMinutes(-30);

        var (status, body) = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, stale), "api.example.com"), (resource.AccessKeyId, resource.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidTimeStamp.Expired", body.GetProperty("Code").GetString());
        Assert.Equal(400, body.GetProperty("HttpStatus").GetInt32());
        Assert.Equal("Request", body.GetProperty("Scope").GetString());
    }

    [Fact]
    public async Task Verify_UnknownKey_ReturnsNotFound()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var unknown = "LK" + caller.AccessKeyId[2..^1] + (caller.AccessKeyId[^1] == 'A' ? 'B' : 'A');

        var (status, body) = await PostAsync(VerifyBody(ClientRequest(unknown, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), (resource.AccessKeyId, resource.Secret));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("InvalidAccessKeyId.NotFound", body.GetProperty("Code").GetString());
        Assert.Equal("Request", body.GetProperty("Scope").GetString());
    }

    [Fact]
    public async Task Verify_WrongHost_ReturnsSignatureDoesNotMatch()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var request = ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow());
        var body = Encoding.UTF8.GetString(VerifyBody(request, "api.example.com")).Replace("api.example.com", "evil.example.com", StringComparison.Ordinal);

        var (status, answer) = await PostAsync(Encoding.UTF8.GetBytes(body), (resource.AccessKeyId, resource.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SignatureDoesNotMatch", answer.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task Verify_ByRamUser_NeedsARamReadPolicy()
    {
        var account = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var services = fixture.Latchkey.Services;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("resource-server", null, null, null, null), CancellationToken.None)).IsSuccess);
        var key = await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "resource-server", CancellationToken.None);
        Assert.True(key.IsSuccess);
        var signer = (key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());

        var withoutPolicy = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), signer);
        Assert.True((await services.GetRequiredService<RamUserService>().AttachPolicyAsync(actor, "resource-server", "AliyunRAMReadOnlyAccess", "System", CancellationToken.None)).IsSuccess);
        var withPolicy = await PostAsync(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), signer);

        Assert.Equal(HttpStatusCode.Forbidden, withoutPolicy.Status);
        Assert.Equal("NoPermission", withoutPolicy.Body.GetProperty("Code").GetString());
        Assert.Equal("VerifyCall", withoutPolicy.Body.GetProperty("Scope").GetString());
        Assert.Equal(HttpStatusCode.OK, withPolicy.Status);
        Assert.Equal(caller.AccessKeyId, withPolicy.Body.GetProperty("Principal").GetProperty("AccessKeyId").GetString());
    }

    private static byte[] WithAuthorize(byte[] body, object authorize)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        node["Authorize"] = JsonSerializer.SerializeToNode(authorize);
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }

    [Fact]
    public async Task Verify_WithAuthorize_AnswersTheDecision_AndRefusesAMalformedAction()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var signer = (resource.AccessKeyId, resource.Secret);

        var allowed = await PostAsync(WithAuthorize(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), new { Action = "widgets:DescribeWidgets", Resource = "acs:widgets:*:*:widget/a", Context = new Dictionary<string, object> { ["widgets:Team"] = "blue", ["acs:SecureTransport"] = true } }), signer);
        var malformed = await PostAsync(WithAuthorize(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), new { Action = "widgets:*" }), signer);
        var badContext = await PostAsync(WithAuthorize(VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com"), new { Action = "widgets:Get", Context = new { Team = new { Nested = 1 } } }), signer);

        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        var decision = allowed.Body.GetProperty("Authorization");
        Assert.Equal(("Allow", "widgets:DescribeWidgets", "acs:widgets:*:*:widget/a"), (decision.GetProperty("Decision").GetString(), decision.GetProperty("Action").GetString(), decision.GetProperty("Resource").GetString()));
        Assert.Equal(caller.AccessKeyId, allowed.Body.GetProperty("Principal").GetProperty("AccessKeyId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal(("InvalidParameter", "VerifyCall"), (malformed.Body.GetProperty("Code").GetString(), malformed.Body.GetProperty("Scope").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badContext.Status);
    }

    [Fact]
    public async Task Verify_ReplayedVerifyCall_IsRefused()
    {
        var resource = await fixture.NewAccountKeyAsync();
        var caller = await fixture.NewAccountKeyAsync();
        var body = VerifyBody(ClientRequest(caller.AccessKeyId, caller.Secret, TimeProvider.System.GetUtcNow()), "api.example.com");
        var target = new Uri(new Uri(fixture.Latchkey.Url), "/api/verify");
        var signed = RequestSigner.SignV3Request("POST", "/api/verify", body, "application/json", "VerifyRequest", "2025-01-01", resource.AccessKeyId, resource.Secret, target.Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());

        async Task<(HttpStatusCode, string)> SendOnce()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            foreach (var (name, value) in signed.Headers.Where(h => h.Key != "host"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await Http.SendAsync(message);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var first = await SendOnce();
        var replay = await SendOnce();

        Assert.Equal(HttpStatusCode.OK, first.Item1);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Item1);
        Assert.Contains("SignatureNonceUsed", replay.Item2, StringComparison.Ordinal);
        Assert.Contains("VerifyCall", replay.Item2, StringComparison.Ordinal);
    }
}
