using System.Net;
using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Authorization;

public sealed class AuthorizerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static AuthorizationContext Facts(CoreHarness h) => new(IPAddress.Parse("203.0.113.9"), h.Time.GetUtcNow(), secureTransport: false, mfaPresent: false);

    private static Task<ApiError?> DecideAsync(CoreHarness h, Principal caller, string action, params string[] resources) =>
        h.Get<Authorizer>().AuthorizeAsync(caller, action, resources, Facts(h), None).AsTask();

    private static string UserArn(string accountId, string name) => ResourceNames.User(accountId, name);

    [Fact]
    public async Task Account_MayDoEverything()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        Assert.Null(await DecideAsync(h, new Principal(account.AccountId, null, null, null), "ram:DeleteUser", UserArn(account.AccountId, "x")));
    }

    [Fact]
    public async Task RamUser_WithoutPolicies_IsImplicitlyDenied_WithAccessDeniedDetail()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var caller = CoreHarness.AsUser(user).Actor;

        var denied = await DecideAsync(h, caller, "ram:ListUsers", UserArn(account.AccountId, "*"));

        Assert.NotNull(denied);
        Assert.Equal("NoPermission", denied.Code);
        Assert.Equal(403, denied.HttpStatus);
        Assert.Equal($"You are not authorized to do this action. Resource: acs:ram:*:{account.AccountId}:user/* Action: ram:ListUsers", denied.Message);
        var detail = denied.AccessDenied!;
        Assert.Equal("ram:ListUsers", detail.AuthAction);
        Assert.Equal("SubUser", detail.AuthPrincipalType);
        Assert.Equal(account.AccountId, detail.AuthPrincipalOwnerId);
        Assert.Equal(user.UserId, detail.AuthPrincipalDisplayName);
        Assert.Equal("AccountLevelIdentityBasedPolicy", detail.PolicyType);
        Assert.Equal("ImplicitDeny", detail.NoPermissionType);
        Assert.StartsWith("AQ", detail.EncodedDiagnosticMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RamUser_OwnAccessKeys_WhenAccountAllowsIt()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        await h.NewUserAsync(account, "bob");
        var caller = CoreHarness.AsUser(user).Actor;

        var before = await DecideAsync(h, caller, "ram:CreateAccessKey", UserArn(account.AccountId, user.UserName));
        await h.Accounts.SetAllowUsersToManageOwnAccessKeysAsync(CoreHarness.AsAccount(account), true, None);
        var own = await DecideAsync(h, caller, "ram:CreateAccessKey", UserArn(account.AccountId, user.UserName));
        var others = await DecideAsync(h, caller, "ram:CreateAccessKey", UserArn(account.AccountId, "bob"));
        var notAKeyAction = await DecideAsync(h, caller, "ram:DeleteUser", UserArn(account.AccountId, user.UserName));

        Assert.NotNull(before);
        Assert.Null(own);
        Assert.NotNull(others);
        Assert.NotNull(notAKeyAction);
    }

    [Theory]
    [InlineData("AdministratorAccess", true, true)]
    [InlineData("AliyunRAMFullAccess", true, true)]
    [InlineData("AliyunRAMReadOnlyAccess", true, false)]
    [InlineData("ReadOnlyAccess", true, false)]
    [InlineData("AliyunSTSAssumeRoleAccess", false, false)]
    public async Task RamUser_WithSystemPolicy_GetsItsRights(string policy, bool mayRead, bool mayWrite)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        Assert.True((await h.Users.AttachPolicyAsync(CoreHarness.AsAccount(account), user.UserName, policy, "System", None)).IsSuccess);
        var caller = CoreHarness.AsUser(user).Actor;

        Assert.Equal(mayRead, await DecideAsync(h, caller, "ram:ListUsers", UserArn(account.AccountId, "*")) is null);
        Assert.Equal(mayWrite, await DecideAsync(h, caller, "ram:CreateUser", UserArn(account.AccountId, "*")) is null);
    }

    [Fact]
    public async Task CustomPolicy_ExplicitDenyBeatsAllow_AndIsReported()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var admin = CoreHarness.AsAccount(account);
        var policies = h.Get<PolicyService>();
        Assert.True((await policies.CreateAsync(admin, "NoDeletes", null, """{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:Delete*","Resource":"*"}]}""", None)).IsSuccess);
        Assert.True((await h.Users.AttachPolicyAsync(admin, user.UserName, "AdministratorAccess", "System", None)).IsSuccess);
        Assert.True((await h.Users.AttachPolicyAsync(admin, user.UserName, "NoDeletes", "Custom", None)).IsSuccess);
        var caller = CoreHarness.AsUser(user).Actor;

        var delete = await DecideAsync(h, caller, "ram:DeleteUser", UserArn(account.AccountId, "x"));
        var create = await DecideAsync(h, caller, "ram:CreateUser", UserArn(account.AccountId, "*"));

        Assert.Equal("ExplicitDeny", delete!.AccessDenied!.NoPermissionType);
        Assert.Null(create);
        var decoded = h.Get<DiagnosticMessages>().Decode(account.AccountId, delete.AccessDenied.EncodedDiagnosticMessage);
        Assert.True(decoded.IsSuccess);
        Assert.True(decoded.Value.ExplicitDeny);
        Assert.Equal("ram:DeleteUser", decoded.Value.AuthAction);
        Assert.Equal(UserArn(account.AccountId, "x"), decoded.Value.AuthResource);
        var matched = Assert.Single(decoded.Value.MatchedPolicies);
        Assert.Equal(("NoDeletes", "Custom", "v1", "RamUser"), (matched.PolicyIdentifier, matched.PolicyType, matched.PolicyVersion, matched.AttachedEntityType));
        Assert.Contains(decoded.Value.AuthConditions, c => c.ConditionKey == "acs:SourceIp" && c.ConditionValues.SequenceEqual(["203.0.113.9"]));
    }

    [Fact]
    public async Task DiagnosticMessage_DecodesOnlyForItsAccount_AndExpires()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var other = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var denied = await DecideAsync(h, CoreHarness.AsUser(user).Actor, "ram:ListUsers", UserArn(account.AccountId, "*"));
        var encoded = denied!.AccessDenied!.EncodedDiagnosticMessage;
        var diagnostics = h.Get<DiagnosticMessages>();

        Assert.Equal(Errors.Diagnostic.NotFound, diagnostics.Decode(other.AccountId, encoded).Error);
        Assert.Equal(Errors.Diagnostic.NotFound, diagnostics.Decode(account.AccountId, "AQ" + encoded[2..].Replace('A', 'B')).Error);
        Assert.Equal(Errors.Diagnostic.NotFound, diagnostics.Decode(account.AccountId, "not base64!").Error);
        h.Time.Advance(DiagnosticMessages.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(Errors.Diagnostic.Expired, diagnostics.Decode(account.AccountId, encoded).Error);
    }

    [Fact]
    public async Task GroupPolicy_ReachesMembers_AndLeavesWithThem()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var admin = CoreHarness.AsAccount(account);
        var groups = h.Get<GroupService>();
        Assert.True((await groups.CreateAsync(admin, "readers", null, None)).IsSuccess);
        Assert.True((await groups.AttachPolicyAsync(admin, "readers", "AliyunRAMReadOnlyAccess", "System", None)).IsSuccess);
        var caller = CoreHarness.AsUser(user).Actor;
        var list = UserArn(account.AccountId, "*");

        var before = await DecideAsync(h, caller, "ram:ListUsers", list);
        Assert.True((await groups.AddUserAsync(admin, "readers", user.UserName, None)).IsSuccess);
        var member = await DecideAsync(h, caller, "ram:ListUsers", list);
        Assert.True((await groups.RemoveUserAsync(admin, "readers", user.UserName, None)).IsSuccess);
        var removed = await DecideAsync(h, caller, "ram:ListUsers", list);

        Assert.NotNull(before);
        Assert.Null(member);
        Assert.NotNull(removed);
    }

    [Fact]
    public async Task PolicyVersions_SwitchPermissions_ThroughTheCache()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var admin = CoreHarness.AsAccount(account);
        var policies = h.Get<PolicyService>();
        Assert.True((await policies.CreateAsync(admin, "Switch", null, """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}]}""", None)).IsSuccess);
        Assert.True((await h.Users.AttachPolicyAsync(admin, user.UserName, "Switch", "Custom", None)).IsSuccess);
        var caller = CoreHarness.AsUser(user).Actor;
        var list = UserArn(account.AccountId, "*");

        var v1 = await DecideAsync(h, caller, "ram:ListUsers", list);
        Assert.True((await policies.CreateVersionAsync(admin, "Switch", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}""", true, null, None)).IsSuccess);
        var v2 = await DecideAsync(h, caller, "ram:ListUsers", list);
        Assert.True((await policies.SetDefaultVersionAsync(admin, "Switch", "v1", None)).IsSuccess);
        var back = await DecideAsync(h, caller, "ram:ListUsers", list);

        Assert.Null(v1);
        Assert.NotNull(v2);
        Assert.Null(back);
    }

    [Fact]
    public async Task PermissionChange_PublishedByAnotherNode_DropsTheCachedSet()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var caller = CoreHarness.AsUser(user).Actor;
        var cache = h.Get<PermissionCache>();
        Assert.NotNull(await cache.GetAsync(caller, None));
        Assert.Equal(1, cache.Count);

        // What another node's change looks like here: the message arrives on the feed.
        await h.Get<Latchkey.Core.AccessKeys.IAccessKeyChangeFeed>().PublishAsync(PermissionChanges.Prefix + account.AccountId, None);

        Assert.Equal(0, cache.Count);
    }
}
