using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// Roles and STS through the official SDKs: AssumeRole as the account and as a permitted RAM
/// user, the token used with pop-core (V1) and the V3 product clients, the role's policy applying
/// and a session policy narrowing it, Alibaba's refusals, and @alicloud/credentials'
/// ram_role_arn provider obtaining and refreshing credentials over HTTPS.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class RoleTests(LatchkeyServer server)
{
    private static string Trust(string principals) =>
        $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":[{{{principals}}}]}}]}""";

    private sealed record Session(string AccessKeyId, string Secret, string Token);

    private static Session SessionOf(SdkOutcome assumed)
    {
        Assert.True(assumed.Ok, assumed.ToString());
        var credentials = assumed.Body.GetProperty("Credentials");
        return new Session(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("AccessKeySecret").GetString()!, credentials.GetProperty("SecurityToken").GetString()!);
    }

    [Fact]
    public async Task AssumeRole_AsAccountAndPermittedUser_TokenWorksWithPopCoreAndV3_PolicyAppliesAndSessionPolicyNarrows()
    {
        var account = await server.CreateAccountAsync();
        var root = $"\"acs:ram::{account.AccountId}:root\"";
        var setup = new SdkRunner(server);
        setup.Add("ram", "v3", account, "CreateRole", ("RoleName", "Sdk-Reader"), ("AssumeRolePolicyDocument", Trust(root)), ("MaxSessionDuration", "3600"));
        setup.Add("ram", "v3", account, "AttachPolicyToRole", ("RoleName", "Sdk-Reader"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"));
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "operator"));
        setup.Add("ram", "v3", account, "AttachPolicyToUser", ("UserName", "operator"), ("PolicyName", "AliyunSTSAssumeRoleAccess"), ("PolicyType", "System"));
        var userKey = setup.Add("ram", "v3", account, "CreateAccessKey", ("UserName", "operator"));
        var arn = $"acs:ram::{account.AccountId}:role/sdk-reader";
        var asAccount = setup.Add("sts", "v3", account, "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "account-session"), ("DurationSeconds", "900"));
        var asUser = setup.Add("sts", "v3", SdkRunner.Ref(userKey, "AccessKey.AccessKeyId"), SdkRunner.Ref(userKey, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "user-session"));
        var byPop = setup.Add("pop", "POST", SdkRunner.Ref(userKey, "AccessKey.AccessKeyId"), SdkRunner.Ref(userKey, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "pop-session"), ("Policy", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}]}"""));
        var outcomes = await setup.RunAsync();
        Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
        var accountSession = SessionOf(outcomes[asAccount]);
        var userSession = SessionOf(outcomes[asUser]);
        var narrowed = SessionOf(outcomes[byPop]);
        Assert.Equal($"acs:ram::{account.AccountId}:role/sdk-reader/user-session", outcomes[asUser].Body.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());

        var use = new SdkRunner(server);
        var identityV3 = use.AddWithToken("sts", "v3", userSession.AccessKeyId, userSession.Secret, userSession.Token, "GetCallerIdentity");
        var identityV1 = use.AddWithToken("pop", "GET", accountSession.AccessKeyId, accountSession.Secret, accountSession.Token, "GetCallerIdentity");
        var listV1 = use.AddWithToken("pop", "POST", userSession.AccessKeyId, userSession.Secret, userSession.Token, "ListUsers");
        var listV3 = use.AddWithToken("ram", "v3", userSession.AccessKeyId, userSession.Secret, userSession.Token, "ListUsers");
        var writeV3 = use.AddWithToken("ram", "v3", userSession.AccessKeyId, userSession.Secret, userSession.Token, "CreateUser", ("UserName", "not-allowed"));
        var narrowedList = use.AddWithToken("ram", "v3", narrowed.AccessKeyId, narrowed.Secret, narrowed.Token, "ListUsers");
        var narrowedGroups = use.AddWithToken("ram", "v3", narrowed.AccessKeyId, narrowed.Secret, narrowed.Token, "ListGroups");
        var used = await use.RunAsync();

        Assert.True(used[identityV3].Ok, used[identityV3].ToString());
        Assert.Equal("AssumedRoleUser", used[identityV3].Body.GetProperty("IdentityType").GetString());
        Assert.Equal($"acs:ram::{account.AccountId}:assumed-role/sdk-reader/user-session", used[identityV3].Body.GetProperty("Arn").GetString());
        Assert.True(used[identityV1].Ok, used[identityV1].ToString());
        Assert.Equal($"acs:ram::{account.AccountId}:assumed-role/sdk-reader/account-session", used[identityV1].Body.GetProperty("Arn").GetString());
        Assert.True(used[listV1].Ok, used[listV1].ToString());
        Assert.True(used[listV3].Ok, used[listV3].ToString());
        Assert.Equal(("NoPermission", 403), (used[writeV3].Code, used[writeV3].StatusCode));
        Assert.Equal("AssumedRoleUser", used[writeV3].AccessDeniedDetail.GetProperty("AuthPrincipalType").GetString());
        Assert.True(used[narrowedList].Ok, used[narrowedList].ToString());
        Assert.Equal(("NoPermission", 403), (used[narrowedGroups].Code, used[narrowedGroups].StatusCode));
    }

    [Fact]
    public async Task Refusals_TamperedAndMissingToken_Duration_Untrusted_NoPermission_DeletedRole()
    {
        var account = await server.CreateAccountAsync();
        var setup = new SdkRunner(server);
        setup.Add("ram", "v3", account, "CreateRole", ("RoleName", "Guarded"), ("AssumeRolePolicyDocument", Trust($"\"acs:ram::{account.AccountId}:user/trusted\"")));
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "trusted"));
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "stranger"));
        setup.Add("ram", "v3", account, "CreateUser", ("UserName", "powerless"));
        setup.Add("ram", "v3", account, "AttachPolicyToUser", ("UserName", "trusted"), ("PolicyName", "AliyunSTSAssumeRoleAccess"), ("PolicyType", "System"));
        setup.Add("ram", "v3", account, "AttachPolicyToUser", ("UserName", "stranger"), ("PolicyName", "AliyunSTSAssumeRoleAccess"), ("PolicyType", "System"));
        var trusted = setup.Add("ram", "v3", account, "CreateAccessKey", ("UserName", "trusted"));
        var stranger = setup.Add("ram", "v3", account, "CreateAccessKey", ("UserName", "stranger"));
        var arn = $"acs:ram::{account.AccountId}:role/guarded";
        var session = setup.Add("sts", "v3", SdkRunner.Ref(trusted, "AccessKey.AccessKeyId"), SdkRunner.Ref(trusted, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "ok"));
        var tooShort = setup.Add("sts", "v3", SdkRunner.Ref(trusted, "AccessKey.AccessKeyId"), SdkRunner.Ref(trusted, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "ok"), ("DurationSeconds", "899"));
        var tooLong = setup.Add("pop", "POST", SdkRunner.Ref(trusted, "AccessKey.AccessKeyId"), SdkRunner.Ref(trusted, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "ok"), ("DurationSeconds", "3601"));
        var untrusted = setup.Add("sts", "v3", SdkRunner.Ref(stranger, "AccessKey.AccessKeyId"), SdkRunner.Ref(stranger, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "no"));
        var powerless = setup.Add("ram", "v3", account, "CreateAccessKey", ("UserName", "powerless"));
        var noPermission = setup.Add("sts", "v3", SdkRunner.Ref(powerless, "AccessKey.AccessKeyId"), SdkRunner.Ref(powerless, "AccessKey.AccessKeySecret"), "AssumeRole", ("RoleArn", arn), ("RoleSessionName", "no"));
        var outcomes = await setup.RunAsync();
        var ok = SessionOf(outcomes[session]);
        Assert.Equal(("InvalidParameter.DurationSeconds", 400), (outcomes[tooShort].Code, outcomes[tooShort].StatusCode));
        Assert.Equal("InvalidParameter.DurationSeconds", outcomes[tooLong].Code);
        Assert.Equal(("NoPermission", 403), (outcomes[untrusted].Code, outcomes[untrusted].StatusCode));
        Assert.Equal(("NoPermission", 403), (outcomes[noPermission].Code, outcomes[noPermission].StatusCode));
        Assert.Equal("sts:AssumeRole", outcomes[noPermission].AccessDeniedDetail.GetProperty("AuthAction").GetString());

        var tampered = ok.Token[..^8] + (ok.Token[^8] == 'Q' ? 'R' : 'Q') + ok.Token[^7..];
        var use = new SdkRunner(server);
        var good = use.AddWithToken("sts", "v3", ok.AccessKeyId, ok.Secret, ok.Token, "GetCallerIdentity");
        var alteredV3 = use.AddWithToken("sts", "v3", ok.AccessKeyId, ok.Secret, tampered, "GetCallerIdentity");
        var alteredV1 = use.AddWithToken("pop", "GET", ok.AccessKeyId, ok.Secret, tampered, "GetCallerIdentity");
        var missingV1 = use.Add("pop", "GET", ok.AccessKeyId, ok.Secret, "GetCallerIdentity");
        var missingV3 = use.Add("sts", "v3", ok.AccessKeyId, ok.Secret, "GetCallerIdentity");
        use.Add("ram", "v3", account, "DeleteRole", ("RoleName", "Guarded"));
        var deleted = use.AddWithToken("sts", "v3", ok.AccessKeyId, ok.Secret, ok.Token, "GetCallerIdentity");
        var used = await use.RunAsync();

        Assert.True(used[good].Ok, used[good].ToString());
        Assert.Equal(("InvalidSecurityToken.Malformed", 400), (used[alteredV3].Code, used[alteredV3].StatusCode));
        Assert.Equal("InvalidSecurityToken.Malformed", used[alteredV1].Code);
        Assert.Equal("MissingSecurityToken", used[missingV1].Code);
        Assert.Equal(("MissingSecurityToken", 400), (used[missingV3].Code, used[missingV3].StatusCode));
        Assert.Equal(("InvalidSecurityToken.Expired", 400), (used[deleted].Code, used[deleted].StatusCode));
    }

    [Fact]
    public async Task CredentialsProvider_RamRoleArn_OverHttps_ObtainsAndRefreshes()
    {
        var folder = Directory.CreateTempSubdirectory("latchkey-sts-https-").FullName;
        var dataDirectory = Path.Combine(folder, "data");
        var (pfxPath, caPath) = WriteSelfSignedCertificate(folder, "Cert-Passw0rd");
        var account = await LatchkeyProcess.BootstrapAsync(dataDirectory, "sts-owner", "Str0ng!Passw0rd");
        var start = LatchkeyProcess.StartInfo("serve", "--data", dataDirectory, "--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path=" + pfxPath);
        start.Environment["LATCHKEY_Kestrel__Certificates__Default__Password"] = "Cert-Passw0rd";
        using var serve = Process.Start(start)!;
        try
        {
            var address = await LatchkeyProcess.ReadBoundAddressAsync(serve);
            Assert.NotNull(address);
            var accountId = account.GetProperty("AccountId").GetString()!;
            var id = account.GetProperty("AccessKeyId").GetString()!;
            var secret = account.GetProperty("AccessKeySecret").GetString()!;
            var sdk = new SdkRunner(new Uri(address).Authority, new Dictionary<string, string>
            {
                ["LATCHKEY_PROTOCOL"] = "https",
                ["NODE_EXTRA_CA_CERTS"] = caPath,
            });
            sdk.Add("ram", "v3", id, secret, "CreateRole", ("RoleName", "ci-deployer"), ("AssumeRolePolicyDocument", Trust($"\"acs:ram::{accountId}:root\"")));
            sdk.Add("ram", "v3", id, secret, "AttachPolicyToRole", ("RoleName", "ci-deployer"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"));
            // 900 s is inside the provider's 15-minute stale window, so every read assumes the role again.
            var provider = sdk.Add("credentials", "ram_role_arn", id, secret, "AssumeRole", ("RoleArn", $"acs:ram::{accountId}:role/ci-deployer"), ("RoleSessionName", "ci"), ("DurationSeconds", "900"));
            var identity = sdk.AddWithToken("sts", "v3", SdkRunner.Ref(provider, "second.AccessKeyId"), SdkRunner.Ref(provider, "second.AccessKeySecret"), SdkRunner.Ref(provider, "second.SecurityToken"), "GetCallerIdentity");
            var list = sdk.AddWithToken("pop", "POST", SdkRunner.Ref(provider, "first.AccessKeyId"), SdkRunner.Ref(provider, "first.AccessKeySecret"), SdkRunner.Ref(provider, "first.SecurityToken"), "ListUsers");

            var outcomes = await sdk.RunAsync();

            Assert.All(outcomes, o => Assert.True(o.Ok, o.ToString()));
            var first = outcomes[provider].Body.GetProperty("first");
            var second = outcomes[provider].Body.GetProperty("second");
            Assert.StartsWith("STS.", first.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
            Assert.NotEqual(first.GetProperty("AccessKeyId").GetString(), second.GetProperty("AccessKeyId").GetString());
            Assert.StartsWith("ram_role_arn", second.GetProperty("ProviderName").GetString(), StringComparison.Ordinal);
            Assert.Equal($"acs:ram::{accountId}:assumed-role/ci-deployer/ci", outcomes[identity].Body.GetProperty("Arn").GetString());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (string PfxPath, string CaPath) WriteSelfSignedCertificate(string folder, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var pfxPath = Path.Combine(folder, "tls.pfx");
        var caPath = Path.Combine(folder, "tls-ca.pem");
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pfx, password));
        File.WriteAllText(caPath, certificate.ExportCertificatePem());
        return (pfxPath, caPath);
    }
}
