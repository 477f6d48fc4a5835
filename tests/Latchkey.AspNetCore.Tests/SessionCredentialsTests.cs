using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Core.Audit;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Roles;
using Latchkey.Core.Sts;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests;

/// <summary>A resource server behind AddLatchkey (through the verify API) accepts temporary credentials from STS AssumeRole.</summary>
public sealed class SessionCredentialsTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private static readonly HttpClient Http = new();

    private async Task<(string AccountId, AssumedRole Session)> AssumeAsync()
    {
        var (accountId, _, _) = await fixture.NewAccountKeyAsync();
        var services = fixture.Latchkey.Services;
        var actor = new AuditContext(new Principal(accountId, null, null, null), "127.0.0.1", "test");
        var trust = $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{accountId}}}:root"]}}]}""";
        var role = await services.GetRequiredService<RoleService>().CreateAsync(actor, "widgets-reader", trust, null, null, CancellationToken.None);
        Assert.True(role.IsSuccess);
        var facts = new AuthorizationContext(IPAddress.Loopback, TimeProvider.System.GetUtcNow(), false, false);
        var assumed = await services.GetRequiredService<StsService>().AssumeRoleAsync(actor, new AssumeRoleInput(role.Value.Arn, "api-client", 900, null, null, null), facts, CancellationToken.None);
        Assert.True(assumed.IsSuccess);
        return (accountId, assumed.Value);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(SignedHttpRequest signed)
    {
        using var message = new HttpRequestMessage(new HttpMethod(signed.Method), fixture.SampleUrl.TrimEnd('/') + signed.PathAndQuery);
        foreach (var (name, value) in signed.Headers.Where(h => h.Key != "host"))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (signed.ContentType is not null)
        {
            message.Content = new ByteArrayContent(signed.Body.ToArray());
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType);
        }

        using var response = await Http.SendAsync(message);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private SignedHttpRequest Sign(AssumedRole session, string? token) =>
        RequestSigner.SignV3(new RpcCall("DescribeWidgets", "2024-01-01", []), session.AccessKeyId, session.AccessKeySecret.Reveal(), new Uri(fixture.SampleUrl).Authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), securityToken: token);

    [Fact]
    public async Task SessionSignedRequest_IsAccepted_AsTheAssumedRoleUser()
    {
        var (accountId, session) = await AssumeAsync();

        var (status, body) = await SendAsync(Sign(session, session.SecurityToken));
        var v1 = RequestSigner.SignV1(new RpcCall("DescribeWidgets", "2024-01-01", []), session.AccessKeyId, session.AccessKeySecret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), session.SecurityToken);
        var (v1Status, v1Body) = await SendAsync(v1);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"acs:ram::{accountId}:assumed-role/widgets-reader/api-client", body.GetProperty("Caller").GetProperty("Arn").GetString());
        Assert.Equal(session.AccessKeyId, body.GetProperty("Caller").GetProperty("AccessKeyId").GetString());
        Assert.Equal(HttpStatusCode.OK, v1Status);
        Assert.Equal(body.GetProperty("Caller").GetProperty("Arn").GetString(), v1Body.GetProperty("Caller").GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task SessionSignedRequest_WithoutOrWithAnAlteredToken_IsRefused()
    {
        var (_, session) = await AssumeAsync();
        var token = session.SecurityToken;
        var altered = token[..^5] + (token[^5] == 'A' ? 'B' : 'A') + token[^4..];

        var (missing, missingBody) = await SendAsync(Sign(session, null));
        var (tampered, tamperedBody) = await SendAsync(Sign(session, altered));

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("MissingSecurityToken", missingBody.GetProperty("Code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tampered);
        Assert.Equal("InvalidSecurityToken.Malformed", tamperedBody.GetProperty("Code").GetString());
    }
}
