using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Logons;

public sealed class LogonServiceTests
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task LogOn_FiveFailuresLockTheName_EvenTheRightPasswordThen_UntilFifteenMinutesPass()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var logons = h.Get<LogonService>();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Errors.Account.LogonFailed, (await logons.LogOnAsync(account.AccountName, "wrong", None)).Error);
        }

        Assert.Equal(Errors.Account.LogonLocked, (await logons.LogOnAsync(account.AccountName.ToUpperInvariant(), "wrong", None)).Error);
        Assert.Equal(Errors.Account.LogonLocked, (await logons.LogOnAsync(account.AccountName, Password, None)).Error);

        h.Time.Advance(LogonService.Rule.LockDuration);
        var logon = await logons.LogOnAsync(account.AccountName, Password, None);
        Assert.Equal(account.AccountId, logon.Value.Principal.AccountId);
        Assert.True(logon.Value.Principal.IsAccount);
    }

    [Fact]
    public async Task LogOn_AnUnknownNameLocksTheSameWay()
    {
        using var h = new CoreHarness();
        var logons = h.Get<LogonService>();

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await logons.LogOnAsync("nobody-here", "wrong", None)).Error!.Code);
        }

        Assert.Equal(["InvalidCredentials", "InvalidCredentials", "InvalidCredentials", "InvalidCredentials", "InvalidCredentials.Locked", "InvalidCredentials.Locked"], answers);
    }

    [Fact]
    public async Task LogOn_FailuresSpreadOverMoreThanTheWindowDoNotLock_AndSuccessResetsTheCount()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var logons = h.Get<LogonService>();

        for (var i = 0; i < 4; i++)
        {
            await logons.LogOnAsync(account.AccountName, "wrong", None);
        }

        h.Time.Advance(LogonService.Rule.Window);
        Assert.Equal(Errors.Account.LogonFailed, (await logons.LogOnAsync(account.AccountName, "wrong", None)).Error);

        Assert.True((await logons.LogOnAsync(account.AccountName, Password, None)).IsSuccess);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Errors.Account.LogonFailed, (await logons.LogOnAsync(account.AccountName, "wrong", None)).Error);
        }
    }

    [Fact]
    public async Task Session_EndsWhenThePasswordChanges_ForAccountsAndRamUsers()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var user = await h.NewUserAsync(account, "alice");
        Assert.True((await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "alice", Password, false, false, None)).IsSuccess);
        var logons = h.Get<LogonService>();
        var principalName = h.Users.PrincipalNameOf(account, user);

        var accountLogon = (await logons.LogOnAsync(account.AccountName, Password, None)).Value;
        var userLogon = (await logons.LogOnAsync(principalName, Password, None)).Value;
        Assert.Equal(user.UserId, userLogon.Principal.UserId);
        Assert.True(await logons.IsSessionCurrentAsync(accountLogon.Principal, accountLogon.SessionStamp, None));
        Assert.True(await logons.IsSessionCurrentAsync(userLogon.Principal, userLogon.SessionStamp, None));
        Assert.False(await logons.IsSessionCurrentAsync(userLogon.Principal, accountLogon.SessionStamp, None));
        Assert.False(await logons.IsSessionCurrentAsync(userLogon.Principal, null, None));

        // The same password set again is still a change: a new salt, a new stamp.
        Assert.True((await h.Accounts.ChangePasswordAsync(CoreHarness.AsAccount(account), Password, None)).IsSuccess);
        Assert.True((await h.Users.UpdateLoginProfileAsync(CoreHarness.AsAccount(account), "alice", "N3w!Passw0rd", null, null, None)).IsSuccess);

        Assert.False(await logons.IsSessionCurrentAsync(accountLogon.Principal, accountLogon.SessionStamp, None));
        Assert.False(await logons.IsSessionCurrentAsync(userLogon.Principal, userLogon.SessionStamp, None));
        var fresh = await logons.CurrentSessionStampAsync(accountLogon.Principal, None);
        Assert.True(await logons.IsSessionCurrentAsync(accountLogon.Principal, fresh, None));
    }

    [Fact]
    public async Task Session_EndsWhenTheConsoleLogonIsRemoved()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var user = await h.NewUserAsync(account, "bob");
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "bob", Password, false, false, None);
        var logons = h.Get<LogonService>();
        var logon = (await logons.LogOnAsync(h.Users.PrincipalNameOf(account, user), Password, None)).Value;

        Assert.True((await h.Users.DeleteLoginProfileAsync(CoreHarness.AsAccount(account), "bob", None)).IsSuccess);

        Assert.False(await logons.IsSessionCurrentAsync(logon.Principal, logon.SessionStamp, None));
        Assert.Null(await logons.CurrentSessionStampAsync(logon.Principal, None));
    }
}
