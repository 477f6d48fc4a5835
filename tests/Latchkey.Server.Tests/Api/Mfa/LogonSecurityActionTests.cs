using System.Net;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Server.Tests.Console;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api.Mfa;

/// <summary>
/// Issue 13's actions over the real HTTP stack: virtual MFA (RAM and IMS), the password policy,
/// the security preference and ChangePassword. The server's clock is a fake held at real time, so
/// the test computes the codes the server expects.
/// </summary>
public sealed class LogonSecurityActionTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    [Fact]
    public async Task VirtualMfa_RamLifecycle_WithCodesComputedFromTheSeed()
    {
        var (key, api) = await NewAccountAsync();
        (await api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();

        var created = (await api.CallAsync(key, "CreateVirtualMFADevice", ApiClient.Ram, ("VirtualMFADeviceName", "alice-phone"))).AssertSuccess().GetProperty("VirtualMFADevice");
        var serial = created.GetProperty("SerialNumber").GetString()!;
        var seed = Base32.Decode(created.GetProperty("Base32StringSeed").GetString()!);
        var png = Convert.FromBase64String(created.GetProperty("QRCodePNG").GetString()!);
        Assert.Equal($"acs:ram::{key.AccountId}:mfa/alice-phone", serial);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        var t = Totp.StepAt(_factory.Clock.GetUtcNow());

        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ram, ("SerialNumber", serial), ("UserName", "alice"), ("AuthenticationCode1", "12345"), ("AuthenticationCode2", "123456")))
            .AssertError(HttpStatusCode.BadRequest, "InvalidParameter.AuthenticationCode.Format");
        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ram, ("SerialNumber", serial), ("UserName", "alice"), ("AuthenticationCode1", Totp.Code(seed, t)), ("AuthenticationCode2", Totp.Code(seed, t + 3))))
            .AssertError(HttpStatusCode.Forbidden, "CheckAuthenticationCodeFail");
        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ram, ("SerialNumber", serial), ("UserName", "nobody"), ("AuthenticationCode1", Totp.Code(seed, t - 1)), ("AuthenticationCode2", Totp.Code(seed, t))))
            .AssertError(HttpStatusCode.NotFound, "EntityNotExist.User");
        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ram, ("SerialNumber", serial), ("UserName", "alice"), ("AuthenticationCode1", Totp.Code(seed, t - 1)), ("AuthenticationCode2", Totp.Code(seed, t))))
            .AssertSuccess();
        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ram, ("SerialNumber", serial), ("UserName", "alice"), ("AuthenticationCode1", Totp.Code(seed, t)), ("AuthenticationCode2", Totp.Code(seed, t + 1))))
            .AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.VirtualMFADevice.User");

        var info = (await api.CallAsync(key, "GetUserMFAInfo", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess().GetProperty("MFADevice");
        Assert.Equal(serial, info.GetProperty("SerialNumber").GetString());
        Assert.Equal("VMFA", info.GetProperty("Type").GetString());
        (await api.CallAsync(key, "CreateVirtualMFADevice", ApiClient.Ram, ("VirtualMFADeviceName", "spare"))).AssertSuccess();
        var listed = (await api.CallAsync(key, "ListVirtualMFADevices", ApiClient.Ram)).AssertSuccess().GetProperty("VirtualMFADevices").GetProperty("VirtualMFADevice");
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Equal("alice", listed[0].GetProperty("User").GetProperty("UserName").GetString());
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$", listed[0].GetProperty("ActivateDate").GetString());
        Assert.False(listed[1].TryGetProperty("User", out _));
        Assert.False(listed[1].TryGetProperty("ActivateDate", out _));

        (await api.CallAsync(key, "DeleteVirtualMFADevice", ApiClient.Ram, ("SerialNumber", serial))).AssertError(HttpStatusCode.Conflict, "DeleteConflict.VirtualMFADevice.User");
        (await api.CallAsync(key, "DeleteUser", ApiClient.Ram, ("UserName", "alice"))).AssertError(HttpStatusCode.Conflict, "DeleteConflict.User.MFADevice");
        var unbound = (await api.CallAsync(key, "UnbindMFADevice", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();
        Assert.Equal(serial, unbound.GetProperty("MFADevice").GetProperty("SerialNumber").GetString());
        (await api.CallAsync(key, "UnbindMFADevice", ApiClient.Ram, ("UserName", "alice"))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.MFADevice");
        (await api.CallAsync(key, "GetUserMFAInfo", ApiClient.Ram, ("UserName", "alice"))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.MFADevice");
        (await api.CallAsync(key, "DeleteVirtualMFADevice", ApiClient.Ram, ("SerialNumber", serial))).AssertSuccess();
        (await api.CallAsync(key, "DeleteVirtualMFADevice", ApiClient.Ram, ("SerialNumber", serial))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.VirtualMFADevice");
        (await api.CallAsync(key, "DeleteUser", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();
    }

    [Fact]
    public async Task VirtualMfa_ImsForms_UseUserPrincipalName()
    {
        var (key, api) = await NewAccountAsync();
        (await api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "bob"))).AssertSuccess();
        var upn = $"bob@{key.AccountId}.onaliyun.com";
        var created = (await api.CallAsync(key, "CreateVirtualMFADevice", ApiClient.Ims, ("VirtualMFADeviceName", "bob-phone"))).AssertSuccess().GetProperty("VirtualMFADevice");
        var serial = created.GetProperty("SerialNumber").GetString()!;
        var seed = Base32.Decode(created.GetProperty("Base32StringSeed").GetString()!);
        var t = Totp.StepAt(_factory.Clock.GetUtcNow());

        (await api.CallAsync(key, "BindMFADevice", ApiClient.Ims, ("SerialNumber", serial), ("UserPrincipalName", upn), ("AuthenticationCode1", Totp.Code(seed, t)), ("AuthenticationCode2", Totp.Code(seed, t + 1)))).AssertSuccess();
        var info = (await api.CallAsync(key, "GetUserMFAInfo", ApiClient.Ims, ("UserPrincipalName", upn))).AssertSuccess();
        var listed = (await api.CallAsync(key, "ListVirtualMFADevices", ApiClient.Ims, ("MaxItems", "1"))).AssertSuccess();
        var account = (await api.CallAsync(key, "GetAccountMFAInfo", ApiClient.Ims)).AssertSuccess();
        (await api.CallAsync(key, "DisableVirtualMFA", ApiClient.Ims, ("UserPrincipalName", upn))).AssertSuccess();

        Assert.True(info.GetProperty("IsMFAEnable").GetBoolean());
        Assert.Equal(serial, info.GetProperty("MFADevice").GetProperty("SerialNumber").GetString());
        Assert.Equal(upn, listed.GetProperty("VirtualMFADevices").GetProperty("VirtualMFADevice")[0].GetProperty("User").GetProperty("UserPrincipalName").GetString());
        Assert.False(listed.GetProperty("IsTruncated").GetBoolean());
        Assert.False(account.GetProperty("IsMFAEnable").GetBoolean());
        (await api.CallAsync(key, "GetUserMFAInfo", ApiClient.Ims, ("UserPrincipalName", upn))).AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.MFADevice");
        Assert.Empty((await api.CallAsync(key, "ListVirtualMFADevices", ApiClient.Ims)).AssertSuccess().GetProperty("VirtualMFADevices").GetProperty("VirtualMFADevice").EnumerateArray());
    }

    [Fact]
    public async Task PasswordPolicy_RamAndImsShareOnePolicy_AndItIsEnforcedWithTheRuleNamed()
    {
        var (key, api) = await NewAccountAsync();
        (await api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "carol"))).AssertSuccess();

        var ram = (await api.CallAsync(key, "SetPasswordPolicy", ApiClient.Ram, ("MinimumPasswordLength", "12"), ("RequireSymbols", "true"), ("HardExpiry", "true"), ("MaxLoginAttemps", "4"))).AssertSuccess().GetProperty("PasswordPolicy");
        var ims = (await api.CallAsync(key, "SetPasswordPolicy", ApiClient.Ims, ("PasswordNotContainUserName", "true"), ("PasswordReusePrevention", "3"))).AssertSuccess().GetProperty("PasswordPolicy");
        var ramAgain = (await api.CallAsync(key, "GetPasswordPolicy", ApiClient.Ram)).AssertSuccess().GetProperty("PasswordPolicy");

        Assert.Equal(12, ram.GetProperty("MinimumPasswordLength").GetInt32());
        Assert.True(ram.GetProperty("HardExpiry").GetBoolean());
        Assert.False(ram.TryGetProperty("HardExpire", out _));
        Assert.False(ram.TryGetProperty("PasswordNotContainUserName", out _));
        Assert.True(ims.GetProperty("HardExpire").GetBoolean());
        Assert.True(ims.GetProperty("PasswordNotContainUserName").GetBoolean());
        Assert.Equal(4, ims.GetProperty("MaxLoginAttemps").GetInt32());
        Assert.Equal(3, ramAgain.GetProperty("PasswordReusePrevention").GetInt32());
        (await api.CallAsync(key, "SetPasswordPolicy", ApiClient.Ram, ("MinimumPasswordLength", "40"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.MinimumPasswordLength.Range");

        var weak = (await api.CallAsync(key, "CreateLoginProfile", ApiClient.Ram, ("UserName", "carol"), ("Password", "NoSymbol1Password"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Password.TooWeak");
        Assert.Contains("RequireSymbols", weak.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var named = (await api.CallAsync(key, "CreateLoginProfile", ApiClient.Ram, ("UserName", "carol"), ("Password", "Carol#Passw0rd1"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Password.TooWeak");
        Assert.Contains("PasswordNotContainUserName", named.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        (await api.CallAsync(key, "CreateLoginProfile", ApiClient.Ram, ("UserName", "carol"), ("Password", "Strong#Passw0rd1"))).AssertSuccess();
        var shortOne = (await api.CallAsync(key, "UpdateLoginProfile", ApiClient.Ram, ("UserName", "carol"), ("Password", "Sh0rt#Pass"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Password.TooWeak");
        Assert.Contains("MinimumPasswordLength", shortOne.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        (await api.CallAsync(key, "UpdateLoginProfile", ApiClient.Ram, ("UserName", "carol"), ("Password", "Strong#Passw0rd1"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Password.ReusePrevention");
    }

    [Fact]
    public async Task SecurityPreference_RoundTripsThroughRamAndIms()
    {
        var (key, api) = await NewAccountAsync();

        var set = (await api.CallAsync(key, "SetSecurityPreference", ApiClient.Ims,
            ("AllowUserToChangePassword", "false"), ("AllowUserToManageMFADevices", "false"), ("LoginSessionDuration", "3"), ("LoginNetworkMasks", "10.0.0.0/8;192.168.1.0/24"),
            ("MFAOperationForLogin", "mandatory"), ("VerificationTypes", "[\"sms\",\"email\"]"), ("MaxIdleDaysForAccessKeys", "180"), ("AllowUserToManageAccessKeys", "true"))).AssertSuccess().GetProperty("SecurityPreference");
        var ram = (await api.CallAsync(key, "GetSecurityPreference", ApiClient.Ram)).AssertSuccess().GetProperty("SecurityPreference");
        var ims = (await api.CallAsync(key, "GetSecurityPreference", ApiClient.Ims)).AssertSuccess().GetProperty("SecurityPreference");

        Assert.Equal("mandatory", set.GetProperty("LoginProfilePreference").GetProperty("MFAOperationForLogin").GetString());
        Assert.True(set.GetProperty("LoginProfilePreference").GetProperty("EnforceMFAForLogin").GetBoolean());
        Assert.False(ram.GetProperty("LoginProfilePreference").GetProperty("AllowUserToChangePassword").GetBoolean());
        Assert.Equal(3, ram.GetProperty("LoginProfilePreference").GetProperty("LoginSessionDuration").GetInt32());
        Assert.Equal("10.0.0.0/8;192.168.1.0/24", ram.GetProperty("LoginProfilePreference").GetProperty("LoginNetworkMasks").GetString());
        Assert.False(ram.GetProperty("MFAPreference").GetProperty("AllowUserToManageMFADevices").GetBoolean());
        Assert.True(ram.GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
        Assert.False(ram.GetProperty("PublicKeyPreference").GetProperty("AllowUserToManagePublicKeys").GetBoolean());
        Assert.Equal(["sms", "email"], ims.GetProperty("VerificationPreference").GetProperty("VerificationTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(180, ims.GetProperty("MaxIdleDays").GetProperty("MaxIdleDaysForAccessKeys").GetInt32());
        Assert.Equal(730, ims.GetProperty("MaxIdleDays").GetProperty("MaxIdleDaysForUsers").GetInt32());
        Assert.True(ims.GetProperty("PersonalInfoPreference").GetProperty("AllowUserToManagePersonalDingTalk").GetBoolean());

        (await api.CallAsync(key, "SetSecurityPreference", ApiClient.Ram, ("LoginSessionDuration", "30"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.LoginSessionDuration");
        (await api.CallAsync(key, "SetSecurityPreference", ApiClient.Ims, ("MaxIdleDaysForUsers", "100"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.MaxIdleDaysForUsers");
        (await api.CallAsync(key, "SetSecurityPreference", ApiClient.Ram, ("LoginNetworkMasks", "not-a-network"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.LoginNetworkMasks");
    }

    [Fact]
    public async Task ChangePassword_ForRamUsersOnly_WithTheOldPasswordAndThePolicy()
    {
        var (key, api) = await NewAccountAsync();
        (await api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "dave"))).AssertSuccess();
        (await api.CallAsync(key, "CreateLoginProfile", ApiClient.Ram, ("UserName", "dave"), ("Password", "Dave#Passw0rd1"), ("PasswordResetRequired", "true"))).AssertSuccess();
        var userKey = (await api.CallAsync(key, "CreateAccessKey", ApiClient.Ram, ("UserName", "dave"))).AssertSuccess().GetProperty("AccessKey");
        var dave = new TestAccount(key.AccountId, userKey.GetProperty("AccessKeyId").GetString()!, userKey.GetProperty("AccessKeySecret").GetString()!);

        (await api.CallAsync(key, "ChangePassword", ApiClient.Ram, ("OldPassword", "Str0ng!Passw0rd"), ("NewPassword", "N3w!Passw0rdX"))).AssertError(HttpStatusCode.BadRequest, "NotSupport.Account");
        (await api.CallAsync(dave, "ChangePassword", ApiClient.Ram, ("OldPassword", "Wrong#Passw0rd1"), ("NewPassword", "Dave#Passw0rd2"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.OldPassword.Incorrect");
        (await api.CallAsync(dave, "ChangePassword", ApiClient.Ram, ("OldPassword", "Dave#Passw0rd1"), ("NewPassword", "weak"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter.NewPassword.TooWeak");
        (await api.CallAsync(dave, "ChangePassword", ApiClient.Ims, ("OldPassword", "Dave#Passw0rd1"), ("NewPassword", "Dave#Passw0rd2"))).AssertSuccess();
        var profile = (await api.CallAsync(key, "GetLoginProfile", ApiClient.Ram, ("UserName", "dave"))).AssertSuccess().GetProperty("LoginProfile");
        Assert.False(profile.GetProperty("PasswordResetRequired").GetBoolean());

        (await api.CallAsync(key, "SetSecurityPreference", ApiClient.Ram, ("AllowUserToChangePassword", "false"))).AssertSuccess();
        (await api.CallAsync(dave, "ChangePassword", ApiClient.Ram, ("OldPassword", "Dave#Passw0rd2"), ("NewPassword", "Dave#Passw0rd3"))).AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task ChangePassword_GuessingTheOldPassword_IsThrottled()
    {
        var (key, api) = await NewAccountAsync();
        (await api.CallAsync(key, "CreateUser", ApiClient.Ram, ("UserName", "eve"))).AssertSuccess();
        (await api.CallAsync(key, "CreateLoginProfile", ApiClient.Ram, ("UserName", "eve"), ("Password", "Eve#Passw0rd1"))).AssertSuccess();
        var userKey = (await api.CallAsync(key, "CreateAccessKey", ApiClient.Ram, ("UserName", "eve"))).AssertSuccess().GetProperty("AccessKey");
        var eve = new TestAccount(key.AccountId, userKey.GetProperty("AccessKeyId").GetString()!, userKey.GetProperty("AccessKeySecret").GetString()!);

        var codes = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await api.CallAsync(eve, "ChangePassword", ApiClient.Ram, ("OldPassword", $"Guess#{i}Passw0rd"), ("NewPassword", "Eve#Passw0rd2"))).ErrorCode);
        }

        Assert.Equal(4, codes.Count(c => c == "InvalidParameter.OldPassword.Incorrect"));
        Assert.Equal("Throttling.User", codes[^1]);
        Assert.Equal("Throttling.User", (await api.CallAsync(eve, "ChangePassword", ApiClient.Ram, ("OldPassword", "Eve#Passw0rd1"), ("NewPassword", "Eve#Passw0rd2"))).ErrorCode);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<(TestAccount Key, ApiClient Api)> NewAccountAsync()
    {
        var name = "sec-" + Guid.NewGuid().ToString("N")[..12];
        var account = await _factory.Services.GetRequiredService<AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await _factory.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return (new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal()), new ApiClient(_factory.CreateClient()));
    }
}
