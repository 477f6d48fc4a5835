using System.Net;
using System.Text.Json;
using Latchkey.Core.KeyGuard;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api.Policies;

public sealed class AuthorizationTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<TestAccount> CreateUserKeyAsync(TestAccount account, string userName, string? policy = null)
    {
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName))).AssertSuccess();
        if (policy is not null)
        {
            (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", userName), ("PolicyName", policy), ("PolicyType", "System"))).AssertSuccess();
        }

        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);
    }

    [Fact]
    public async Task RamUserWithoutPolicy_ReturnsNoPermission_ButMayAskWhoItIs()
    {
        var account = await factory.CreateAccountAsync();
        var user = await CreateUserKeyAsync(account, "plain");

        var list = await _api.CallAsync(user, "ListUsers", ApiClient.Ram);
        var ownKeys = await _api.CallAsync(user, "ListAccessKeys", ApiClient.Ram);
        var identity = await _api.CallAsync(user, "GetCallerIdentity", ApiClient.Sts);

        list.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        ownKeys.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        identity.AssertSuccess();
    }

    [Fact]
    public async Task ACallItsPoliciesRefuse_CountsAsARefusalInTheKeysUsage()
    {
        var account = await factory.CreateAccountAsync();
        var user = await CreateUserKeyAsync(account, "counted");
        var usage = factory.Services.GetRequiredService<KeyUsageRecorder>();
        var store = factory.Services.GetRequiredService<IAccessKeyUsageStore>();
        var since = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(-2);

        (await _api.CallAsync(user, "ListUsers", ApiClient.Ram)).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        (await _api.CallAsync(user, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        await usage.FlushAsync(CancellationToken.None);
        var hours = await store.ReadAccessKeyUsageAsync(user.AccessKeyId, since, CancellationToken.None);

        Assert.Equal(2, hours.Sum(h => h.Calls));
        Assert.Equal(1, hours.Sum(h => h.Refusals));
    }

    [Fact]
    public async Task RamUserWithReadOnlyAccess_MayReadButNotWrite()
    {
        var account = await factory.CreateAccountAsync();
        var reader = await CreateUserKeyAsync(account, "reader", "AliyunRAMReadOnlyAccess");

        var list = await _api.CallAsync(reader, "ListUsers", ApiClient.Ram);
        var create = await _api.CallAsync(reader, "CreateUser", ApiClient.Ram, ("UserName", "intruder"));

        list.AssertSuccess();
        create.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task RamUserWithFullAccess_MayWrite()
    {
        var account = await factory.CreateAccountAsync();
        var admin = await CreateUserKeyAsync(account, "admin", "AliyunRAMFullAccess");

        var create = await _api.CallAsync(admin, "CreateUser", ApiClient.Ram, ("UserName", "newbie"));

        create.AssertSuccess();
    }

    [Fact]
    public async Task OwnAccessKeys_AllowedOnlyWhenAccountAllowsIt()
    {
        var account = await factory.CreateAccountAsync();
        var user = await CreateUserKeyAsync(account, "selfie");
        await CreateUserKeyAsync(account, "other");

        var before = await _api.CallAsync(user, "CreateAccessKey", ApiClient.Ram);
        (await _api.CallAsync(account, "SetSecurityPreference", ApiClient.Ram, ("AllowUserToManageAccessKeys", "true"))).AssertSuccess();
        var own = await _api.CallAsync(user, "CreateAccessKey", ApiClient.Ram);
        var ownList = await _api.CallAsync(user, "ListAccessKeys", ApiClient.Ram, ("UserName", "selfie"));
        var others = await _api.CallAsync(user, "ListAccessKeys", ApiClient.Ram, ("UserName", "other"));

        before.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        own.AssertSuccess();
        Assert.Equal(2, ownList.AssertSuccess().GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        others.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task Policies_AttachListDetach()
    {
        var account = await factory.CreateAccountAsync();
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "pol"))).AssertSuccess();

        var attached = await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "pol"), ("PolicyName", "AdministratorAccess"), ("PolicyType", "System"));
        var listed = (await _api.CallAsync(account, "ListPoliciesForUser", ApiClient.Ram, ("UserName", "pol"))).AssertSuccess();
        var blocked = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "pol"));
        var detached = await _api.CallAsync(account, "DetachPolicyFromUser", ApiClient.Ram, ("UserName", "pol"), ("PolicyName", "AdministratorAccess"), ("PolicyType", "System"));
        var unknown = await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "pol"), ("PolicyName", "NoSuchPolicy"), ("PolicyType", "System"));

        attached.AssertSuccess();
        var policy = listed.GetProperty("Policies").GetProperty("Policy")[0];
        Assert.Equal("AdministratorAccess", policy.GetProperty("PolicyName").GetString());
        Assert.Equal("System", policy.GetProperty("PolicyType").GetString());
        Assert.Equal(JsonValueKind.String, policy.GetProperty("Description").ValueKind);
        Assert.Equal("v1", policy.GetProperty("DefaultVersion").GetString());
        Assert.Matches(@"Z$", policy.GetProperty("AttachDate").GetString());
        blocked.AssertError(HttpStatusCode.Conflict, "DeleteConflict.User.Policy");
        detached.AssertSuccess();
        unknown.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Policy");
    }
}
