using System.Net;
using System.Text.Json;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests;

/// <summary>
/// RequireLatchkeyAction: the sample API's <c>GET /widgets/{name}</c> needs <c>widgets:GetWidget</c>
/// on the widget's ARN, decided by the Latchkey server's engine in the verify call itself.
/// </summary>
public sealed class ActionAuthorizationTests(SampleApiFixture fixture) : IClassFixture<SampleApiFixture>
{
    private static readonly HttpClient Http = new();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string id, string secret)
    {
        var authority = new Uri(fixture.SampleUrl).Authority;
        var signed = RequestSigner.SignV3Request("GET", path, ReadOnlyMemory<byte>.Empty, null, "GetWidget", "2024-01-01", id, secret, authority, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Get, fixture.SampleUrl.TrimEnd('/') + signed.PathAndQuery);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(message);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<(string Id, string Secret)> UserWithPolicyAsync(string accountId, string document)
    {
        var services = fixture.Latchkey.Services;
        var actor = new AuditContext(new Principal(accountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("widget-reader", null, null, null, null), CancellationToken.None)).IsSuccess);
        Assert.True((await services.GetRequiredService<PolicyService>().CreateAsync(actor, "Widgets", null, document, CancellationToken.None)).IsSuccess);
        Assert.True((await services.GetRequiredService<RamUserService>().AttachPolicyAsync(actor, "widget-reader", "Widgets", "Custom", CancellationToken.None)).IsSuccess);
        var key = await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "widget-reader", CancellationToken.None);
        Assert.True(key.IsSuccess);
        return (key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    [Fact]
    public async Task RequireLatchkeyAction_AllowsExactlyWhatThePolicyGrants_AndRefusesWithAccessDeniedDetail()
    {
        var account = await fixture.NewAccountKeyAsync();
        var user = await UserWithPolicyAsync(account.AccountId, """
            {"Version":"1","Statement":[
              {"Effect":"Allow","Action":"widgets:Get*","Resource":"acs:widgets:*:*:widget/*"},
              {"Effect":"Deny","Action":"widgets:GetWidget","Resource":"acs:widgets:*:*:widget/sprocket"}]}
            """);

        var allowed = await GetAsync("/widgets/gizmo", user.Id, user.Secret);
        var denied = await GetAsync("/widgets/sprocket", user.Id, user.Secret);
        var asAccount = await GetAsync("/widgets/sprocket", account.AccessKeyId, account.Secret);

        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal("gizmo", allowed.Body.GetProperty("Widget").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("NoPermission", denied.Body.GetProperty("Code").GetString());
        Assert.Equal("You are not authorized to do this action. Resource: acs:widgets:*:*:widget/sprocket Action: widgets:GetWidget", denied.Body.GetProperty("Message").GetString());
        var detail = denied.Body.GetProperty("AccessDeniedDetail");
        Assert.Equal("ExplicitDeny", detail.GetProperty("NoPermissionType").GetString());
        Assert.Equal("widgets:GetWidget", detail.GetProperty("AuthAction").GetString());
        Assert.Equal(HttpStatusCode.OK, asAccount.Status);
    }

    [Fact]
    public async Task RequireLatchkeyAction_UnsignedRequest_IsChallenged_NotDecided()
    {
        using var response = await Http.GetAsync(fixture.SampleUrl.TrimEnd('/') + "/widgets/gizmo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
