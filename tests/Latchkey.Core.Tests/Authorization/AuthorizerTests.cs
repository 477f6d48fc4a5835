using Latchkey.Core.Authorization;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Authorization;

public sealed class AuthorizerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Account_MayDoEverything()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var authorizer = h.Get<Authorizer>();

        Assert.True((await authorizer.AuthorizeAsync(new Principal(account.AccountId, null, null, null), ActionKind.Write, false, None)).IsSuccess);
    }

    [Fact]
    public async Task RamUser_WithoutPolicies_MayOnlyAskWhoItIs()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var caller = CoreHarness.AsUser(user).Actor;
        var authorizer = h.Get<Authorizer>();

        Assert.True((await authorizer.AuthorizeAsync(caller, ActionKind.CallerIdentity, false, None)).IsSuccess);
        Assert.Equal(Errors.Request.NoPermission, (await authorizer.AuthorizeAsync(caller, ActionKind.Read, false, None)).Error);
        Assert.Equal(Errors.Request.NoPermission, (await authorizer.AuthorizeAsync(caller, ActionKind.Write, true, None)).Error);
    }

    [Fact]
    public async Task RamUser_OwnAccessKeys_WhenAccountAllowsIt()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        var caller = CoreHarness.AsUser(user).Actor;
        var authorizer = h.Get<Authorizer>();
        await h.Accounts.SetAllowUsersToManageOwnAccessKeysAsync(CoreHarness.AsAccount(account), true, None);

        Assert.True((await authorizer.AuthorizeAsync(caller, ActionKind.Write, true, None)).IsSuccess);
        Assert.Equal(Errors.Request.NoPermission, (await authorizer.AuthorizeAsync(caller, ActionKind.Write, false, None)).Error);
    }

    [Theory]
    [InlineData("AdministratorAccess", true, true)]
    [InlineData("AliyunRAMFullAccess", true, true)]
    [InlineData("AliyunRAMReadOnlyAccess", true, false)]
    public async Task RamUser_WithPolicy_GetsItsRights(string policy, bool mayRead, bool mayWrite)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account);
        await h.Users.AttachPolicyAsync(CoreHarness.AsAccount(account), user.UserName, policy, "System", None);
        var caller = CoreHarness.AsUser(user).Actor;
        var authorizer = h.Get<Authorizer>();

        Assert.Equal(mayRead, (await authorizer.AuthorizeAsync(caller, ActionKind.Read, false, None)).IsSuccess);
        Assert.Equal(mayWrite, (await authorizer.AuthorizeAsync(caller, ActionKind.Write, false, None)).IsSuccess);
    }
}
