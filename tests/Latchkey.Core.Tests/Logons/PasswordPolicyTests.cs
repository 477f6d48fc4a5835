using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Core.Users;

namespace Latchkey.Core.Tests.Logons;

public sealed class PasswordPolicyTests
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("Sh0rt!pw", "MinimumPasswordLength")]
    [InlineData("NOLOWER1!PASSWORD", "RequireLowercaseCharacters")]
    [InlineData("noupper1!password", "RequireUppercaseCharacters")]
    [InlineData("NoNumbers!Password", "RequireNumbers")]
    [InlineData("NoSymbols1Password", "RequireSymbols")]
    [InlineData("Aaaaaaaaaaaa1!", "MinimumPasswordDifferentCharacter")]
    [InlineData("Xalice-Secret1!", "PasswordNotContainUserName")]
    public async Task CreateLoginProfile_NamesTheRuleAPasswordBreaks(string password, string rule)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        Assert.True((await h.Get<PasswordPolicyService>().SetAsync(CoreHarness.AsAccount(account), new PasswordPolicyUpdate(
            MinimumPasswordLength: 12, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: true,
            MinimumPasswordDifferentCharacter: 6, PasswordNotContainUserName: true), None)).IsSuccess);

        var refused = await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "alice", password, false, false, None);

        Assert.Equal("InvalidParameter.Password.TooWeak", refused.Error?.Code);
        Assert.Contains(rule, refused.Error!.Message, StringComparison.Ordinal);
        Assert.True((await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "alice", "Good#Passw0rd12", false, false, None)).IsSuccess);
    }

    [Fact]
    public async Task SetPasswordPolicy_RefusesOutOfRange_AndKeepsFieldsNotSent()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var policies = h.Get<PasswordPolicyService>();
        var ctx = CoreHarness.AsAccount(account);

        Assert.Equal(Errors.PasswordPolicy.MinimumPasswordLength, (await policies.SetAsync(ctx, new PasswordPolicyUpdate(MinimumPasswordLength: 7), None)).Error);
        Assert.Equal(Errors.PasswordPolicy.MaxPasswordAge, (await policies.SetAsync(ctx, new PasswordPolicyUpdate(MaxPasswordAge: 1096), None)).Error);
        Assert.Equal(Errors.PasswordPolicy.PasswordReusePrevention, (await policies.SetAsync(ctx, new PasswordPolicyUpdate(PasswordReusePrevention: 25), None)).Error);
        Assert.Equal(Errors.PasswordPolicy.MaxLoginAttemps, (await policies.SetAsync(ctx, new PasswordPolicyUpdate(MaxLoginAttemps: 33), None)).Error);
        await policies.SetAsync(ctx, new PasswordPolicyUpdate(MinimumPasswordLength: 14, RequireSymbols: true), None);
        var after = (await policies.SetAsync(ctx, new PasswordPolicyUpdate(MaxLoginAttemps: 3), None)).Value;

        Assert.Equal(14, after.MinimumPasswordLength);
        Assert.True(after.RequireSymbols);
        Assert.Equal(3, after.MaxLoginAttemps);
        Assert.Equal(after, await policies.GetAsync(account.AccountId, None));
    }

    [Fact]
    public async Task ReusePrevention_RefusesTheLastNPasswords_KeepingOnlyHashes()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "carol");
        await h.Get<PasswordPolicyService>().SetAsync(CoreHarness.AsAccount(account), new PasswordPolicyUpdate(PasswordReusePrevention: 2), None);
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "carol", "First#Passw0rd", false, false, None);
        var carol = CoreHarness.AsUser(user);

        Assert.True((await h.Users.ChangeOwnPasswordAsync(carol, "Second#Passw0rd", None)).IsSuccess);
        var reused = await h.Users.ChangeOwnPasswordAsync(carol, "First#Passw0rd", None);
        var reset = await h.Users.UpdateLoginProfileAsync(CoreHarness.AsAccount(account), "carol", "Second#Passw0rd", null, null, None);
        Assert.True((await h.Users.ChangeOwnPasswordAsync(carol, "Third#Passw0rd", None)).IsSuccess);
        var oldEnough = await h.Users.ChangeOwnPasswordAsync(carol, "First#Passw0rd", None);

        Assert.Equal(Errors.Password.NewPasswordReused.Code, reused.Error?.Code);
        Assert.Equal(Errors.Password.PasswordReused.Code, reset.Error?.Code);
        Assert.True(oldEnough.IsSuccess);
        var history = await h.Store.ListPasswordHistoryAsync(user.UserId, 10, None);
        Assert.All(history, entry => Assert.StartsWith("AQAAAA", entry.PasswordHash, StringComparison.Ordinal));
        Assert.DoesNotContain(history, entry => entry.PasswordHash.Contains("Passw0rd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxLoginAttemps_DrivesTheLockout_ForRamUsers()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "dave");
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "dave", Password, false, false, None);
        await h.Get<PasswordPolicyService>().SetAsync(CoreHarness.AsAccount(account), new PasswordPolicyUpdate(MaxLoginAttemps: 2), None);
        var logons = h.Get<LogonService>();
        var name = h.Users.PrincipalNameOf(account, user);

        Assert.Equal(Errors.Account.LogonFailed, (await logons.LogOnAsync(name, "Wrong#Passw0rd", None)).Error);
        Assert.Equal(Errors.Account.LogonLocked.Code, (await logons.LogOnAsync(name, "Wrong#Passw0rd", None)).Error?.Code);
        var locked = (await logons.LogOnAsync(name, Password, None)).Error;

        Assert.Contains("60 minutes", locked!.Message, StringComparison.Ordinal);
        h.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(Errors.Account.LogonLocked.Code, (await logons.LogOnAsync(name, Password, None)).Error?.Code);
        h.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.True((await logons.LogOnAsync(name, Password, None)).IsSuccess);
    }

    [Fact]
    public async Task MaxPasswordAge_SoftExpiryAsksForANewPassword_HardExpiryRefuses()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "erin");
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "erin", Password, false, false, None);
        var policies = h.Get<PasswordPolicyService>();
        await policies.SetAsync(CoreHarness.AsAccount(account), new PasswordPolicyUpdate(MaxPasswordAge: 30), None);
        var logons = h.Get<LogonService>();
        var name = h.Users.PrincipalNameOf(account, user);

        Assert.Equal(LogonSteps.None, (await logons.LogOnAsync(name, Password, None)).Value.Steps);
        h.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(LogonSteps.ChangePassword, (await logons.LogOnAsync(name, Password, None)).Value.Steps);
        await policies.SetAsync(CoreHarness.AsAccount(account), new PasswordPolicyUpdate(HardExpire: true), None);
        Assert.Equal(Errors.Account.PasswordExpired, (await logons.LogOnAsync(name, Password, None)).Error);
        Assert.True((await h.Users.UpdateLoginProfileAsync(CoreHarness.AsAccount(account), "erin", "Fresh#Passw0rd", null, null, None)).IsSuccess);
        Assert.True((await logons.LogOnAsync(name, "Fresh#Passw0rd", None)).IsSuccess);
    }

    [Fact]
    public async Task SecurityPreference_NetworkMasksMfaAndSessionDuration_ShapeTheLogon()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "frank");
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "frank", Password, false, false, None);
        var preferences = h.Get<SecurityPreferenceService>();
        var logons = h.Get<LogonService>();
        var name = h.Users.PrincipalNameOf(account, user);

        Assert.Equal(Errors.SecurityPreference.LoginNetworkMasks, (await preferences.SetAsync(CoreHarness.AsAccount(account), new SecurityPreferenceUpdate { LoginNetworkMasks = "10.0.0.0/33" }, None)).Error);
        Assert.Equal(Errors.SecurityPreference.LoginSessionDuration, (await preferences.SetAsync(CoreHarness.AsAccount(account), new SecurityPreferenceUpdate { LoginSessionDuration = 25 }, None)).Error);
        var set = await preferences.SetAsync(CoreHarness.AsAccount(account), new SecurityPreferenceUpdate { LoginNetworkMasks = "10.0.0.0/8; 192.0.2.7", MFAOperationForLogin = "mandatory", LoginSessionDuration = 2 }, None);
        Assert.Equal("10.0.0.0/8;192.0.2.7", set.Value.LoginNetworkMasks);

        Assert.Equal(Errors.Account.LogonNetworkRefused, (await logons.LogOnAsync(name, Password, "203.0.113.9", None)).Error);
        Assert.True((await logons.LogOnAsync(account.AccountName, Password, "203.0.113.9", None)).IsSuccess, "the account itself is never held by the masks");
        Assert.True((await logons.LogOnAsync(name, Password, "::ffff:10.1.2.3", None)).IsSuccess);
        var fromAllowed = (await logons.LogOnAsync(name, Password, "192.0.2.7", None)).Value;
        Assert.Equal(LogonSteps.BindMfa, fromAllowed.Steps);
        Assert.Equal(TimeSpan.FromHours(2), await logons.SessionDurationAsync(fromAllowed.Principal, None));

        // With a bound device the logon asks for its code instead.
        var mfa = h.Get<MfaService>();
        var created = (await mfa.CreateAsync(CoreHarness.AsAccount(account), "frank-phone", None)).Value;
        var seed = Base32.Decode(created.Base32StringSeed);
        var t = Totp.StepAt(h.Time.GetUtcNow());
        await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, fromAllowed.Principal, Totp.Code(seed, t - 1), Totp.Code(seed, t), None);
        Assert.Equal(LogonSteps.MfaCode, (await logons.LogOnAsync(name, Password, "10.9.9.9", None)).Value.Steps);
    }

    [Fact]
    public async Task MfaBindRequired_OnTheLoginProfile_AddsTheBindStep()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "grace");
        await h.Users.CreateLoginProfileAsync(CoreHarness.AsAccount(account), "grace", Password, passwordResetRequired: true, mfaBindRequired: true, None);

        var logon = await h.Get<LogonService>().LogOnAsync(h.Users.PrincipalNameOf(account, user), Password, None);

        Assert.Equal(LogonSteps.BindMfa | LogonSteps.ChangePassword, logon.Value.Steps);
        Assert.True(new Principal(account.AccountId, user.UserId, "grace", null) == logon.Value.Principal);
    }
}
