using Latchkey.Core.Diagnostics;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Tests.Logons;

/// <summary>The lockout counts before it checks, per identity: concurrency cannot buy extra password checks.</summary>
public sealed class LogonThrottleTests
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FiftyConcurrentWrongPasswords_GetAtMostTheRulesNumberOfPasswordChecks()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var (logons, checks) = Counting(h);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => logons.LogOnAsync(account.AccountName, "Wrong!Passw0rd", None))));

        Assert.All(answers, answer => Assert.False(answer.IsSuccess));
        Assert.InRange(checks.Count, 1, LogonService.Rule.MaxFailures);
        Assert.True(answers.Count(a => a.Error == Errors.Account.LogonLocked) >= 50 - checks.Count, "every attempt past the limit is refused unchecked");
        Assert.Equal(Errors.Account.LogonLocked, (await logons.LogOnAsync(account.AccountName, Password, None)).Error);
    }

    [Fact]
    public async Task EveryNameFormOfOneRamUser_SharesOneCount()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var user = await h.NewUserAsync(account, "alice");
        Assert.True((await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "alice", Password, false, false, None)).IsSuccess);
        Assert.True((await h.Accounts.SetAliasAsync(CoreHarness.AsAccount(account), "wonderland", None)).IsSuccess);
        var (logons, checks) = Counting(h);
        string[] forms = [$"alice@{account.AccountId}.onaliyun.com", "alice@wonderland.onaliyun.com", "ALICE@WONDERLAND.ONALIYUN.COM", $"Alice@{account.AccountId}.OnAliyun.com"];

        var answers = new List<ApiError?>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add((await logons.LogOnAsync(forms[i % forms.Length], "Wrong!Passw0rd", None)).Error);
        }

        Assert.Equal(LogonService.Rule.MaxFailures, checks.Count);
        Assert.Equal(Errors.Account.LogonLocked, answers[^1]);
        Assert.Equal(Errors.Account.LogonLocked, (await logons.LogOnAsync(forms[0], Password, None)).Error);
        Assert.Equal(user.UserId, (await h.Get<RamUserService>().GetAsync(account.AccountId, "alice", None)).Value.UserId);
    }

    [Fact]
    public async Task CurrentPasswordCheck_SharesTheLogonCount_AndLocksToo()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var (logons, checks) = Counting(h);
        var principal = new Principal(account.AccountId, null, null, null);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => logons.VerifyCurrentPasswordAsync(principal, "Wrong!Passw0rd", None))));

        Assert.InRange(checks.Count, 1, LogonService.Rule.MaxFailures);
        Assert.Contains(answers, a => a.Error == Errors.Password.OldPasswordIncorrect);
        Assert.Equal(Errors.Account.LogonLocked, (await logons.VerifyCurrentPasswordAsync(principal, Password, None)).Error);
        Assert.Equal(Errors.Account.LogonLocked, (await logons.LogOnAsync(account.AccountName, Password, None)).Error);

        h.Time.Advance(LogonService.Rule.LockDuration + TimeSpan.FromSeconds(1));
        Assert.True((await logons.VerifyCurrentPasswordAsync(principal, Password, None)).IsSuccess);
    }

    [Fact]
    public async Task PasswordResetRequired_IsAStepOfTheLogon_UntilTheUserSetsANewPassword()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync(Password);
        var user = await h.NewUserAsync(account, "bob");
        Assert.True((await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "bob", "Bob#Passw0rd1", true, false, None)).IsSuccess);
        var logons = h.Get<LogonService>();
        var name = h.Users.PrincipalNameOf(account, user);

        var first = await logons.LogOnAsync(name, "Bob#Passw0rd1", None);
        Assert.Equal(LogonSteps.ChangePassword, first.Value.Steps);

        var weak = await h.Users.ChangeOwnPasswordAsync(CoreHarness.AsUser(user), "short", None);
        Assert.Equal(Errors.Password.NewPasswordTooWeak.Code, weak.Error!.Code);
        Assert.True((await h.Users.ChangeOwnPasswordAsync(CoreHarness.AsUser(user), "Bob#Passw0rd2", None)).IsSuccess);

        var second = await logons.LogOnAsync(name, "Bob#Passw0rd2", None);
        Assert.Equal(LogonSteps.None, second.Value.Steps);
        Assert.False(await logons.IsSessionCurrentAsync(first.Value.Principal, first.Value.SessionStamp, None));
        Assert.Equal(Errors.Password.NotSupportAccount, (await h.Users.ChangeOwnPasswordAsync(CoreHarness.AsAccount(account), "Bob#Passw0rd3", None)).Error);
    }

    private static (LogonService Logons, CountingSink Checks) Counting(CoreHarness h)
    {
        var sink = new CountingSink();
        var logons = new LogonService(h.Store, h.Store, h.Store, h.Get<RamUserService>(), h.Time, h.Get<IOptions<IdentityOptions>>(), h.Get<PasswordPolicyService>(), h.Get<SecurityPreferenceService>(), h.Get<Latchkey.Core.Mfa.MfaService>(), sink);
        return (logons, sink);
    }

    private sealed class CountingSink : IMetricsSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void RequestAuthenticated(string signatureVersion, string outcome)
        {
        }

        public void AccessKeyCreated()
        {
        }

        public void AccessKeyDeleted()
        {
        }

        public void ConsolePasswordChecked() => Interlocked.Increment(ref _count);
    }
}
