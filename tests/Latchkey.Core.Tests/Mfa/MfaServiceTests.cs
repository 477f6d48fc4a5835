using Latchkey.Core.Accounts;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Core.Users;

namespace Latchkey.Core.Tests.Mfa;

public sealed class MfaServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_ReturnsSeedAndQrOnce_AndStoresOnlyCiphertext()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var created = (await h.Get<MfaService>().CreateAsync(CoreHarness.AsAccount(account), "phone", None)).Value;

        Assert.Equal($"acs:ram::{account.AccountId}:mfa/phone", created.Device.SerialNumber);
        Assert.Equal(64, created.Base32StringSeed.Length);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], created.QrCodePng.Take(4));
        Assert.StartsWith("otpauth://totp/", created.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("secret=" + created.Base32StringSeed, created.OtpAuthUri, StringComparison.Ordinal);
        var stored = (await h.Store.FindMfaDeviceAsync(account.AccountId, created.Device.SerialNumber, None))!;
        Assert.DoesNotContain(created.Base32StringSeed, System.Text.Encoding.UTF8.GetString(stored.Seed.Ciphertext), StringComparison.Ordinal);
        Assert.Equal(Errors.Mfa.AlreadyExists, (await h.Get<MfaService>().CreateAsync(CoreHarness.AsAccount(account), "PHONE", None)).Error);
        Assert.Equal(Errors.Mfa.NameInvalidChars, (await h.Get<MfaService>().CreateAsync(CoreHarness.AsAccount(account), "my phone", None)).Error);
        Assert.Equal(Errors.Mfa.NameLength, (await h.Get<MfaService>().CreateAsync(CoreHarness.AsAccount(account), new string('a', 65), None)).Error);
    }

    [Fact]
    public async Task Bind_NeedsTwoConsecutiveCodes_ThenLogonCodesWorkOnceEach()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var mfa = h.Get<MfaService>();
        var created = (await mfa.CreateAsync(CoreHarness.AsAccount(account), "alice-phone", None)).Value;
        var seed = Base32.Decode(created.Base32StringSeed);
        var alice = new Principal(account.AccountId, user.UserId, user.UserName, null);
        var t = Totp.StepAt(h.Time.GetUtcNow());

        Assert.Equal(Errors.Mfa.CodeFormat, (await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, alice, "12345", "123456", None)).Error);
        Assert.Equal(Errors.Mfa.CodeIncorrect, (await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, alice, Totp.Code(seed, t), Totp.Code(seed, t + 2), None)).Error);
        Assert.True((await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, alice, Totp.Code(seed, t - 1), Totp.Code(seed, t), None)).IsSuccess);
        Assert.Equal(Errors.Mfa.DeviceBound, (await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, alice, Totp.Code(seed, t), Totp.Code(seed, t + 1), None)).Error);

        // The bind used steps t-1 and t: neither works again, t+1 works once.
        Assert.Equal(Errors.Mfa.CodeIncorrect, (await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t), None)).Error);
        Assert.True((await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t + 1), None)).IsSuccess);
        Assert.Equal(Errors.Mfa.CodeIncorrect, (await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t + 1), None)).Error);

        // One step of skew either way, not two.
        h.Time.Advance(TimeSpan.FromSeconds(Totp.StepSeconds * 5));
        Assert.Equal(Errors.Mfa.CodeIncorrect, (await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t + 3), None)).Error);
        Assert.Equal(Errors.Mfa.CodeIncorrect, (await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t + 7), None)).Error);
        Assert.True((await mfa.VerifyCodeAsync(alice, Totp.Code(seed, t + 4), None)).IsSuccess);
    }

    [Fact]
    public async Task WrongCodes_AreThrottled_EvenTheRightOneIsRefusedThen()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var mfa = h.Get<MfaService>();
        var root = new Principal(account.AccountId, null, null, null);
        var created = (await mfa.CreateAsync(CoreHarness.AsAccount(account), "root-phone", None)).Value;
        var seed = Base32.Decode(created.Base32StringSeed);
        var t = Totp.StepAt(h.Time.GetUtcNow());
        Assert.True((await mfa.BindAsync(CoreHarness.AsAccount(account), created.Device.SerialNumber, root, Totp.Code(seed, t - 1), Totp.Code(seed, t), None)).IsSuccess);
        var wrong = Totp.Code(seed, t + 1) == "000000" ? "111111" : "000000";

        var answers = new List<ApiError?>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await mfa.VerifyCodeAsync(root, wrong, None)).Error);
        }

        Assert.Equal(5, answers.Count(e => e == Errors.Mfa.CodeIncorrect));
        Assert.Equal(Errors.Request.Throttling, answers[^1]);
        Assert.Equal(Errors.Request.Throttling, (await mfa.VerifyCodeAsync(root, Totp.Code(seed, t + 1), None)).Error);
        h.Time.Advance(MfaService.CodeRule.LockDuration);
        var now = Totp.StepAt(h.Time.GetUtcNow());
        Assert.True((await mfa.VerifyCodeAsync(root, Totp.Code(seed, now), None)).IsSuccess);
    }

    [Fact]
    public async Task UnbindDeleteAndDeleteUser_FollowAlibabasRules()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "bob");
        var mfa = h.Get<MfaService>();
        var ctx = CoreHarness.AsAccount(account);
        var created = (await mfa.CreateAsync(ctx, "bob-phone", None)).Value;
        var seed = Base32.Decode(created.Base32StringSeed);
        var bob = new Principal(account.AccountId, user.UserId, user.UserName, null);
        var t = Totp.StepAt(h.Time.GetUtcNow());
        await mfa.BindAsync(ctx, created.Device.SerialNumber, bob, Totp.Code(seed, t), Totp.Code(seed, t + 1), None);

        Assert.Equal(Errors.Mfa.DeleteConflictBound, (await mfa.DeleteAsync(ctx, created.Device.SerialNumber, None)).Error);
        Assert.Equal(Errors.Mfa.DeviceBound, (await mfa.RevealUnboundAsync(account.AccountId, created.Device.SerialNumber, None)).Error);
        Assert.Equal(Errors.Mfa.DeleteConflictUser, (await h.Users.DeleteAsync(ctx, "bob", None)).Error);
        Assert.Equal(created.Device.SerialNumber, (await mfa.UnbindAsync(ctx, bob, None)).Value);
        Assert.Equal(Errors.Mfa.UserHasNoDevice, (await mfa.UnbindAsync(ctx, bob, None)).Error);
        Assert.Equal(Errors.Mfa.NotFound, (await mfa.RevealUnboundAsync(account.AccountId, "acs:ram::x:mfa/none", None)).Error);
        Assert.True((await mfa.DeleteAsync(ctx, created.Device.SerialNumber, None)).IsSuccess);
        Assert.Equal(Errors.Mfa.NotFound, (await mfa.DeleteAsync(ctx, created.Device.SerialNumber, None)).Error);
        Assert.True((await h.Users.DeleteAsync(ctx, "bob", None)).IsSuccess);
    }
}
