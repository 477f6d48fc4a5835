using Latchkey.Core.Mfa;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// Issue 13 through the official npm SDKs (@alicloud/ram20150501 and ims20190815, V3 signatures):
/// the password policy round trip and its enforcement, a virtual MFA device's life with TOTP codes
/// the test computes from the seed, wrong and reused codes refused, the security preference round trip.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class LogonSecuritySdkTests(LatchkeyServer server)
{
    [Fact]
    public async Task PasswordPolicy_RoundTripsThroughRamAndIms_AndIsEnforced()
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        var set = sdk.Add("ram", "v3", account, "SetPasswordPolicy", ("MinimumPasswordLength", "12"), ("RequireNumbers", "true"), ("RequireSymbols", "true"), ("MaxLoginAttemps", "5"), ("PasswordReusePrevention", "2"), ("HardExpiry", "false"), ("MaxPasswordAge", "90"));
        var imsSet = sdk.Add("ims", "v3", account, "SetPasswordPolicy", ("PasswordNotContainUserName", "true"), ("MinimumPasswordDifferentCharacter", "5"));
        var ramGet = sdk.Add("ram", "v3", account, "GetPasswordPolicy");
        var imsGet = sdk.Add("ims", "v3", account, "GetPasswordPolicy");
        sdk.Add("ram", "v3", account, "CreateUser", ("UserName", "kate"));
        var tooShort = sdk.Add("ram", "v3", account, "CreateLoginProfile", ("UserName", "kate"), ("Password", "Sh0rt#pw"));
        var noSymbol = sdk.Add("ram", "v3", account, "CreateLoginProfile", ("UserName", "kate"), ("Password", "NoSymbols12345"));
        var hasName = sdk.Add("ram", "v3", account, "CreateLoginProfile", ("UserName", "kate"), ("Password", "kate#Passw0rd12"));
        var created = sdk.Add("ram", "v3", account, "CreateLoginProfile", ("UserName", "kate"), ("Password", "Good#Passw0rd12"));
        var reused = sdk.Add("ram", "v3", account, "UpdateLoginProfile", ("UserName", "kate"), ("Password", "Good#Passw0rd12"));
        var outOfRange = sdk.Add("ims", "v3", account, "SetPasswordPolicy", ("MinimumPasswordLength", "7"));

        var outcomes = await sdk.RunAsync();

        foreach (var ok in new[] { set, imsSet, ramGet, imsGet, created })
        {
            Assert.True(outcomes[ok].Ok, outcomes[ok].ToString());
        }

        var ram = outcomes[ramGet].Body.GetProperty("PasswordPolicy");
        var ims = outcomes[imsGet].Body.GetProperty("PasswordPolicy");
        Assert.Equal(12, ram.GetProperty("MinimumPasswordLength").GetInt32());
        Assert.True(ram.GetProperty("RequireSymbols").GetBoolean());
        Assert.False(ram.GetProperty("HardExpiry").GetBoolean());
        Assert.Equal(90, ram.GetProperty("MaxPasswordAge").GetInt32());
        Assert.Equal(5, ims.GetProperty("MaxLoginAttemps").GetInt32());
        Assert.True(ims.GetProperty("PasswordNotContainUserName").GetBoolean());
        Assert.Equal(5, ims.GetProperty("MinimumPasswordDifferentCharacter").GetInt32());
        Assert.Equal(2, ims.GetProperty("PasswordReusePrevention").GetInt32());
        AssertRefused(outcomes[tooShort], "InvalidParameter.Password.TooWeak", 400, "MinimumPasswordLength");
        AssertRefused(outcomes[noSymbol], "InvalidParameter.Password.TooWeak", 400, "RequireSymbols");
        AssertRefused(outcomes[hasName], "InvalidParameter.Password.TooWeak", 400, "PasswordNotContainUserName");
        AssertRefused(outcomes[reused], "InvalidParameter.Password.ReusePrevention", 400, "last 2 passwords");
        AssertRefused(outcomes[outOfRange], "InvalidParameter.MinimumPasswordLength.Range", 400, "8 and 32");
    }

    [Fact]
    public async Task VirtualMfaDevice_CreatedBoundListedUnboundDeleted_WithCodesFromTheSeed()
    {
        var account = await server.CreateAccountAsync();
        var upn = $"liam@{account.AccountId}.onaliyun.com";
        var setup = new SdkRunner(server);
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "liam"));
        var create = setup.Add("ram", "v3", account, "CreateVirtualMFADevice", ("VirtualMFADeviceName", "liam-phone"));
        var createIms = setup.Add("ims", "v3", account, "CreateVirtualMFADevice", ("VirtualMFADeviceName", "spare-phone"));
        var first = await setup.RunAsync();
        Assert.All(first, outcome => Assert.True(outcome.Ok, outcome.ToString()));
        var device = first[create].Body.GetProperty("VirtualMFADevice");
        var serial = device.GetProperty("SerialNumber").GetString()!;
        var seed = Base32.Decode(device.GetProperty("Base32StringSeed").GetString()!);
        Assert.StartsWith("iVBORw0KGgo", device.GetProperty("QRCodePNG").GetString(), StringComparison.Ordinal);
        Assert.Equal($"acs:ram::{account.AccountId}:mfa/spare-phone", first[createIms].Body.GetProperty("VirtualMFADevice").GetProperty("SerialNumber").GetString());

        var t = await StepWithTimeToSpareAsync();
        var wrong = Totp.Code(seed, t) == "000000" ? "000001" : "000000";
        var sdk = new SdkRunner(server);
        var badFormat = sdk.Add("ram", "v3", account, "BindMFADevice", ("SerialNumber", serial), ("UserName", "liam"), ("AuthenticationCode1", "12ab56"), ("AuthenticationCode2", Totp.Code(seed, t)));
        var badCode = sdk.Add("ram", "v3", account, "BindMFADevice", ("SerialNumber", serial), ("UserName", "liam"), ("AuthenticationCode1", wrong), ("AuthenticationCode2", Totp.Code(seed, t)));
        var notConsecutive = sdk.Add("ram", "v3", account, "BindMFADevice", ("SerialNumber", serial), ("UserName", "liam"), ("AuthenticationCode1", Totp.Code(seed, t)), ("AuthenticationCode2", Totp.Code(seed, t - 1)));
        var bind = sdk.Add("ram", "v3", account, "BindMFADevice", ("SerialNumber", serial), ("UserName", "liam"), ("AuthenticationCode1", Totp.Code(seed, t - 1)), ("AuthenticationCode2", Totp.Code(seed, t)));
        var info = sdk.Add("ram", "v3", account, "GetUserMFAInfo", ("UserName", "liam"));
        var imsInfo = sdk.Add("ims", "v3", account, "GetUserMFAInfo", ("UserPrincipalName", upn));
        var list = sdk.Add("ram", "v3", account, "ListVirtualMFADevices");
        var imsList = sdk.Add("ims", "v3", account, "ListVirtualMFADevices", ("MaxItems", "10"));
        var deleteBound = sdk.Add("ram", "v3", account, "DeleteVirtualMFADevice", ("SerialNumber", serial));
        var unbind = sdk.Add("ram", "v3", account, "UnbindMFADevice", ("UserName", "liam"));
        var reused = sdk.Add("ims", "v3", account, "BindMFADevice", ("SerialNumber", serial), ("UserPrincipalName", upn), ("AuthenticationCode1", Totp.Code(seed, t - 1)), ("AuthenticationCode2", Totp.Code(seed, t)));
        var noDevice = sdk.Add("ram", "v3", account, "GetUserMFAInfo", ("UserName", "liam"));
        var delete = sdk.Add("ram", "v3", account, "DeleteVirtualMFADevice", ("SerialNumber", serial));
        var gone = sdk.Add("ims", "v3", account, "DeleteVirtualMFADevice", ("SerialNumber", serial));

        var outcomes = await sdk.RunAsync();

        AssertRefused(outcomes[badFormat], "InvalidParameter.AuthenticationCode.Format", 400);
        AssertRefused(outcomes[badCode], "CheckAuthenticationCodeFail", 403);
        AssertRefused(outcomes[notConsecutive], "CheckAuthenticationCodeFail", 403);
        Assert.True(outcomes[bind].Ok, outcomes[bind].ToString());
        Assert.Equal(serial, outcomes[info].Body.GetProperty("MFADevice").GetProperty("SerialNumber").GetString());
        Assert.Equal("VMFA", outcomes[info].Body.GetProperty("MFADevice").GetProperty("Type").GetString());
        Assert.True(outcomes[imsInfo].Body.GetProperty("IsMFAEnable").GetBoolean());
        var listed = outcomes[list].Body.GetProperty("VirtualMFADevices").GetProperty("VirtualMFADevice");
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Equal("liam", listed[0].GetProperty("User").GetProperty("UserName").GetString());
        Assert.Equal(upn, outcomes[imsList].Body.GetProperty("VirtualMFADevices").GetProperty("VirtualMFADevice")[0].GetProperty("User").GetProperty("UserPrincipalName").GetString());
        AssertRefused(outcomes[deleteBound], "DeleteConflict.VirtualMFADevice.User", 409);
        Assert.Equal(serial, outcomes[unbind].Body.GetProperty("MFADevice").GetProperty("SerialNumber").GetString());
        AssertRefused(outcomes[reused], "CheckAuthenticationCodeFail", 403);
        AssertRefused(outcomes[noDevice], "EntityNotExist.User.MFADevice", 404);
        Assert.True(outcomes[delete].Ok, outcomes[delete].ToString());
        AssertRefused(outcomes[gone], "EntityNotExist.VirtualMFADevice", 404);
    }

    [Fact]
    public async Task SecurityPreference_RoundTripsThroughImsAndRam()
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        var imsSet = sdk.Add("ims", "v3", account, "SetSecurityPreference",
            ("AllowUserToChangePassword", "false"), ("AllowUserToManageAccessKeys", "true"), ("AllowUserToManageMFADevices", "false"), ("EnableSaveMFATicket", "true"),
            ("LoginSessionDuration", "4"), ("LoginNetworkMasks", "10.0.0.0/8;172.16.0.0/12"), ("MFAOperationForLogin", "mandatory"), ("OperationForRiskLogin", "enforceVerify"),
            ("AllowUserToLoginWithPasskey", "false"), ("AllowUserToManagePersonalDingTalk", "false"));
        var ramGet = sdk.Add("ram", "v3", account, "GetSecurityPreference");
        var ramSet = sdk.Add("ram", "v3", account, "SetSecurityPreference", ("LoginSessionDuration", "8"), ("AllowUserToManagePublicKeys", "true"));
        var imsGet = sdk.Add("ims", "v3", account, "GetSecurityPreference");
        var refused = sdk.Add("ims", "v3", account, "SetSecurityPreference", ("MFAOperationForLogin", "sometimes"));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[imsSet].Ok, outcomes[imsSet].ToString());
        Assert.True(outcomes[ramSet].Ok, outcomes[ramSet].ToString());
        var ram = outcomes[ramGet].Body.GetProperty("SecurityPreference");
        Assert.False(ram.GetProperty("LoginProfilePreference").GetProperty("AllowUserToChangePassword").GetBoolean());
        Assert.True(ram.GetProperty("LoginProfilePreference").GetProperty("EnableSaveMFATicket").GetBoolean());
        Assert.Equal(4, ram.GetProperty("LoginProfilePreference").GetProperty("LoginSessionDuration").GetInt32());
        Assert.Equal("10.0.0.0/8;172.16.0.0/12", ram.GetProperty("LoginProfilePreference").GetProperty("LoginNetworkMasks").GetString());
        Assert.True(ram.GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
        Assert.False(ram.GetProperty("MFAPreference").GetProperty("AllowUserToManageMFADevices").GetBoolean());
        var ims = outcomes[imsGet].Body.GetProperty("SecurityPreference");
        Assert.Equal(8, ims.GetProperty("LoginProfilePreference").GetProperty("LoginSessionDuration").GetInt32());
        Assert.Equal("mandatory", ims.GetProperty("LoginProfilePreference").GetProperty("MFAOperationForLogin").GetString());
        Assert.Equal("enforceVerify", ims.GetProperty("LoginProfilePreference").GetProperty("OperationForRiskLogin").GetString());
        Assert.False(ims.GetProperty("LoginProfilePreference").GetProperty("AllowUserToLoginWithPasskey").GetBoolean());
        Assert.False(ims.GetProperty("PersonalInfoPreference").GetProperty("AllowUserToManagePersonalDingTalk").GetBoolean());
        Assert.Equal(730, ims.GetProperty("MaxIdleDays").GetProperty("MaxIdleDaysForAccessKeys").GetInt32());
        AssertRefused(outcomes[refused], "InvalidParameter.MFAOperationForLogin", 400);
    }

    [Fact]
    public async Task ChangePassword_ByARamUsersOwnKey_ThroughBothSdks()
    {
        var account = await server.CreateAccountAsync();
        var setup = new SdkRunner(server);
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "mia"));
        setup.Add("ram", "v3", account, "CreateLoginProfile", ("UserName", "mia"), ("Password", "Mia#Passw0rd12"), ("PasswordResetRequired", "true"));
        var key = setup.Add("ram", "v3", account, "CreateAccessKey", ("UserName", "mia"));
        var first = await setup.RunAsync();
        Assert.All(first, outcome => Assert.True(outcome.Ok, outcome.ToString()));
        var mia = first[key].Body.GetProperty("AccessKey");
        var id = mia.GetProperty("AccessKeyId").GetString()!;
        var secret = mia.GetProperty("AccessKeySecret").GetString()!;

        var sdk = new SdkRunner(server);
        var asAccount = sdk.Add("ram", "v3", account, "ChangePassword", ("OldPassword", "Str0ng!Passw0rd"), ("NewPassword", "Other#Passw0rd1"));
        var wrongOld = sdk.Add("ram", "v3", id, secret, "ChangePassword", ("OldPassword", "Nope#Passw0rd12"), ("NewPassword", "Mia#Passw0rd34"));
        var weak = sdk.Add("ims", "v3", id, secret, "ChangePassword", ("OldPassword", "Mia#Passw0rd12"), ("NewPassword", "short"));
        var changed = sdk.Add("ims", "v3", id, secret, "ChangePassword", ("OldPassword", "Mia#Passw0rd12"), ("NewPassword", "Mia#Passw0rd34"));
        var profile = sdk.Add("ram", "v3", account, "GetLoginProfile", ("UserName", "mia"));

        var outcomes = await sdk.RunAsync();

        AssertRefused(outcomes[asAccount], "NotSupport.Account", 400);
        AssertRefused(outcomes[wrongOld], "InvalidParameter.OldPassword.Incorrect", 400);
        AssertRefused(outcomes[weak], "InvalidParameter.NewPassword.TooWeak", 400);
        Assert.True(outcomes[changed].Ok, outcomes[changed].ToString());
        Assert.False(outcomes[profile].Body.GetProperty("LoginProfile").GetProperty("PasswordResetRequired").GetBoolean());
    }

    private static void AssertRefused(SdkOutcome outcome, string code, int status, string? messagePart = null)
    {
        Assert.False(outcome.Ok, outcome.ToString());
        Assert.Equal(code, outcome.Code);
        Assert.Equal(status, outcome.StatusCode);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, outcome.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The current TOTP step, waiting for the next one when fewer than 10 seconds of it are left.</summary>
    internal static async Task<long> StepWithTimeToSpareAsync()
    {
        var intoStep = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() % Totp.StepSeconds;
        if (intoStep >= Totp.StepSeconds - 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(Totp.StepSeconds - intoStep + 1));
        }

        return Totp.StepAt(TimeProvider.System.GetUtcNow());
    }
}
