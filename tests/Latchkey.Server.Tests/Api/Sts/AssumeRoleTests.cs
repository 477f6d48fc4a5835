using System.Net;
using System.Text.Json;
using Latchkey.Core.Audit;
using Latchkey.Core.Roles;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Api.Sts;

/// <summary>STS AssumeRole and requests signed with its temporary credentials, over HTTP.</summary>
public sealed class AssumeRoleTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private sealed record Session(string AccessKeyId, string Secret, string Token, JsonElement Answer);

    private static string Trust(string principal, string condition = "") =>
        $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["{{{principal}}}"]}{{{condition}}}}]}""";

    private async Task<string> RoleAsync(TestAccount account, string name, string trust, params string[] systemPolicies)
    {
        var role = (await _api.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", name), ("AssumeRolePolicyDocument", trust), ("MaxSessionDuration", "7200"))).AssertSuccess();
        foreach (var policy in systemPolicies)
        {
            (await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", name), ("PolicyName", policy), ("PolicyType", "System"))).AssertSuccess();
        }

        return role.GetProperty("Role").GetProperty("Arn").GetString()!;
    }

    private async Task<TestAccount> UserAsync(TestAccount account, string userName, params string[] systemPolicies)
    {
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName))).AssertSuccess();
        foreach (var policy in systemPolicies)
        {
            (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", userName), ("PolicyName", policy), ("PolicyType", "System"))).AssertSuccess();
        }

        var key = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return new TestAccount(account.AccountId, key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("AccessKeySecret").GetString()!);
    }

    private async Task<Session> AssumeAsync(TestAccount caller, string roleArn, params (string Name, string Value)[] more)
    {
        var answer = (await _api.CallAsync(caller, "AssumeRole", ApiClient.Sts, [("RoleArn", roleArn), ("RoleSessionName", "alice-session"), .. more])).AssertSuccess();
        var credentials = answer.GetProperty("Credentials");
        return new Session(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("AccessKeySecret").GetString()!, credentials.GetProperty("SecurityToken").GetString()!, answer);
    }

    private Task<ApiAnswer> CallAsSessionAsync(Session session, string action, string version, params (string Name, string Value)[] parameters) =>
        CallWithTokenAsync(session.AccessKeyId, session.Secret, session.Token, action, version, parameters);

    private async Task<ApiAnswer> CallWithTokenAsync(string accessKeyId, string secret, string? token, string action, string version, params (string Name, string Value)[] parameters)
    {
        var signed = RequestSigner.SignV1(new RpcCall(action, version, [.. parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]), accessKeyId, secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), token);
        return await ApiAnswer.ReadAsync(await _api.SendAsync(signed));
    }

    [Fact]
    public async Task AssumeRole_AsTheAccount_AnswersAlibabasShape_AndTheCredentialsSignV1AndV3()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Deploy-Role", Trust($"acs:ram::{account.AccountId}:root"), "AliyunRAMReadOnlyAccess");

        var session = await AssumeAsync(account, arn, ("DurationSeconds", "900"));
        var v1 = (await CallAsSessionAsync(session, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        var v3Signed = RequestSigner.SignV3(new RpcCall("GetCallerIdentity", ApiClient.Sts, []), session.AccessKeyId, session.Secret, "localhost", RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), securityToken: session.Token);
        var v3 = (await ApiAnswer.ReadAsync(await _api.SendAsync(v3Signed))).AssertSuccess();

        var credentials = session.Answer.GetProperty("Credentials");
        Assert.Matches("^STS\\.[0-9A-Za-z]{28}$", session.AccessKeyId);
        Assert.Matches("^[0-9A-Za-z]{30}$", session.Secret);
        Assert.StartsWith("CAIS", session.Token, StringComparison.Ordinal);
        var expiration = DateTimeOffset.Parse(credentials.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", credentials.GetProperty("Expiration").GetString());
        Assert.InRange(expiration - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(800), TimeSpan.FromSeconds(901));
        var user = session.Answer.GetProperty("AssumedRoleUser");
        var roleId = (await _api.CallAsync(account, "GetRole", ApiClient.Ram, ("RoleName", "Deploy-Role"))).AssertSuccess().GetProperty("Role").GetProperty("RoleId").GetString();
        Assert.Equal($"acs:ram::{account.AccountId}:role/deploy-role/alice-session", user.GetProperty("Arn").GetString());
        Assert.Equal($"{roleId}:alice-session", user.GetProperty("AssumedRoleId").GetString());
        foreach (var identity in new[] { v1, v3 })
        {
            Assert.Equal("AssumedRoleUser", identity.GetProperty("IdentityType").GetString());
            Assert.Equal($"acs:ram::{account.AccountId}:assumed-role/deploy-role/alice-session", identity.GetProperty("Arn").GetString());
            Assert.Equal($"{roleId}:alice-session", identity.GetProperty("PrincipalId").GetString());
            Assert.Equal(roleId, identity.GetProperty("RoleId").GetString());
            Assert.Equal(account.AccountId, identity.GetProperty("AccountId").GetString());
            Assert.False(identity.TryGetProperty("UserId", out _));
        }
    }

    [Fact]
    public async Task SessionPermissions_AreTheRolesPolicies_NarrowedByTheSessionPolicy()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Reader", Trust($"acs:ram::{account.AccountId}:root"), "AliyunRAMReadOnlyAccess");
        var onlyListUsers = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}]}""";

        var full = await AssumeAsync(account, arn);
        var narrowed = await AssumeAsync(account, arn, ("Policy", onlyListUsers));

        (await CallAsSessionAsync(full, "ListUsers", ApiClient.Ram)).AssertSuccess();
        (await CallAsSessionAsync(full, "ListGroups", ApiClient.Ram)).AssertSuccess();
        var write = (await CallAsSessionAsync(full, "CreateUser", ApiClient.Ram, ("UserName", "x"))).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        Assert.Equal("AssumedRoleUser", write.Json.GetProperty("AccessDeniedDetail").GetProperty("AuthPrincipalType").GetString());
        (await CallAsSessionAsync(narrowed, "ListUsers", ApiClient.Ram)).AssertSuccess();
        var outside = (await CallAsSessionAsync(narrowed, "ListGroups", ApiClient.Ram)).AssertError(HttpStatusCode.Forbidden, "NoPermission");
        Assert.Equal("SessionPolicy", outside.Json.GetProperty("AccessDeniedDetail").GetProperty("PolicyType").GetString());

        // A session policy cannot widen: it allows CreateUser, the role does not.
        var widening = await AssumeAsync(account, arn, ("Policy", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""));
        (await CallAsSessionAsync(widening, "CreateUser", ApiClient.Ram, ("UserName", "y"))).AssertError(HttpStatusCode.Forbidden, "NoPermission");

        // Policy changes to the role reach its live sessions.
        (await _api.CallAsync(account, "DetachPolicyFromRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        (await CallAsSessionAsync(full, "ListUsers", ApiClient.Ram)).AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task AssumeRole_ByRamUsers_NeedsBothItsOwnPermissionAndTheRolesTrust()
    {
        var account = await factory.CreateAccountAsync();
        var permitted = await UserAsync(account, "alice", "AliyunSTSAssumeRoleAccess");
        var withoutPermission = await UserAsync(account, "bob");
        var untrusted = await UserAsync(account, "carol", "AliyunSTSAssumeRoleAccess");
        var arn = await RoleAsync(account, "OnlyAlice", $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{account.AccountId}}}:user/alice","acs:ram::{{{account.AccountId}}}:user/bob"]}}]}""");

        var ok = await AssumeAsync(permitted, arn);
        var noPermission = await _api.CallAsync(withoutPermission, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "bob"));
        var notTrusted = await _api.CallAsync(untrusted, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "carol"));
        var unknownRole = await _api.CallAsync(permitted, "AssumeRole", ApiClient.Sts, ("RoleArn", $"acs:ram::{account.AccountId}:role/nope"), ("RoleSessionName", "alice"));

        Assert.Equal(ok.AccessKeyId, (await CallAsSessionAsync(ok, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess().GetProperty("PrincipalId").GetString()!.Length > 0 ? ok.AccessKeyId : "");
        noPermission.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        Assert.Contains("sts:AssumeRole", noPermission.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        notTrusted.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        unknownRole.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Role");
    }

    [Theory]
    [InlineData("DurationSeconds", "899", "InvalidParameter.DurationSeconds")]
    [InlineData("DurationSeconds", "7201", "InvalidParameter.DurationSeconds")]
    [InlineData("DurationSeconds", "abc", "InvalidParameter.DurationSeconds")]
    [InlineData("RoleSessionName", "a", "InvalidParameter.RoleSessionName")]
    [InlineData("RoleSessionName", "has space", "InvalidParameter.RoleSessionName")]
    [InlineData("Policy", "{\"Version\":\"1\"}", "InvalidParameter.PolicyGrammar")]
    [InlineData("ExternalId", "x", "InvalidParameter.ExternalId")]
    public async Task AssumeRole_InvalidParameter_IsRefusedWithAlibabasCode(string name, string value, string code)
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Bounded", Trust($"acs:ram::{account.AccountId}:root"));
        var parameters = new Dictionary<string, string> { ["RoleArn"] = arn, ["RoleSessionName"] = "ok-name", [name] = value };

        var answer = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, [.. parameters.Select(p => (p.Key, p.Value))]);

        answer.AssertError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task AssumeRole_MalformedArnAndLongPolicy_AreRefused()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Plain", Trust($"acs:ram::{account.AccountId}:root"));

        var badArn = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", "arn:aws:iam::1:role/x"), ("RoleSessionName", "s1"));
        var longPolicy = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "s1"), ("Policy", new string(' ', 2049)));

        badArn.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.RoleArn");
        longPolicy.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.PolicySize");
    }

    [Fact]
    public async Task ExternalId_IsATrustCondition()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Partner", Trust($"acs:ram::{account.AccountId}:root", ""","Condition":{"StringEquals":{"sts:ExternalId":"abcd-1234"}}"""));

        var without = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "p1"));
        var wrong = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "p1"), ("ExternalId", "wxyz-0000"));
        var right = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "p1"), ("ExternalId", "abcd-1234"));

        without.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        wrong.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        right.AssertSuccess();
    }

    [Fact]
    public async Task Tokens_Missing_Tampered_Mismatched_OrOfADeletedRole_AreRefused()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Doomed", Trust($"acs:ram::{account.AccountId}:root"), "AliyunRAMReadOnlyAccess");
        var session = await AssumeAsync(account, arn);
        var other = await AssumeAsync(account, arn);
        var tampered = session.Token[..^6] + (session.Token[^6] == 'A' ? 'B' : 'A') + session.Token[^5..];

        var missing = await CallWithTokenAsync(session.AccessKeyId, session.Secret, null, "GetCallerIdentity", ApiClient.Sts);
        var altered = await CallWithTokenAsync(session.AccessKeyId, session.Secret, tampered, "GetCallerIdentity", ApiClient.Sts);
        var garbage = await CallWithTokenAsync(session.AccessKeyId, session.Secret, "CAISnot-a-token", "GetCallerIdentity", ApiClient.Sts);
        var mismatched = await CallWithTokenAsync(session.AccessKeyId, session.Secret, other.Token, "GetCallerIdentity", ApiClient.Sts);
        var wrongSecret = await CallWithTokenAsync(session.AccessKeyId, other.Secret, session.Token, "GetCallerIdentity", ApiClient.Sts);
        var sessionKey = await CallAsSessionAsync(session, "CreateAccessKey", ApiClient.Ram);
        (await CallAsSessionAsync(session, "ListUsers", ApiClient.Ram)).AssertSuccess();
        (await _api.CallAsync(account, "DetachPolicyFromRole", ApiClient.Ram, ("RoleName", "Doomed"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        (await _api.CallAsync(account, "DeleteRole", ApiClient.Ram, ("RoleName", "Doomed"))).AssertSuccess();
        var deleted = await CallAsSessionAsync(session, "GetCallerIdentity", ApiClient.Sts);

        missing.AssertError(HttpStatusCode.BadRequest, "MissingSecurityToken");
        altered.AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.Malformed");
        garbage.AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.Malformed");
        mismatched.AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.MismatchWithAccessKey");
        wrongSecret.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        sessionKey.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        deleted.AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.Expired");
    }

    [Fact]
    public async Task RevokedSessions_AreRefused_AndNewOnesWork()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Revocable", Trust($"acs:ram::{account.AccountId}:root"));
        var before = await AssumeAsync(account, arn);
        (await CallAsSessionAsync(before, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        var actor = new AuditContext(new Core.Principals.Principal(account.AccountId, null, null, null), "127.0.0.1", "test");

        var revoked = await factory.Services.GetRequiredService<RoleService>().RevokeSessionsAsync(actor, "Revocable", CancellationToken.None);
        var after = await AssumeAsync(account, arn);

        Assert.True(revoked.IsSuccess);
        (await CallAsSessionAsync(before, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.Expired");
        (await CallAsSessionAsync(after, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
    }

    [Fact]
    public async Task RoleChaining_ASessionAssumesARoleThatTrustsItsRole()
    {
        var account = await factory.CreateAccountAsync();
        var first = await RoleAsync(account, "First", Trust($"acs:ram::{account.AccountId}:root"), "AliyunSTSAssumeRoleAccess");
        var second = await RoleAsync(account, "Second", Trust($"acs:ram::{account.AccountId}:role/first"), "AliyunRAMReadOnlyAccess");
        var notForFirst = await RoleAsync(account, "Third", Trust($"acs:ram::{account.AccountId}:user/nobody"));
        var session = await AssumeAsync(account, first, ("SourceIdentity", "ci-pipeline"));

        var chained = (await CallAsSessionAsync(session, "AssumeRole", ApiClient.Sts, ("RoleArn", second), ("RoleSessionName", "hop2"))).AssertSuccess();
        var refused = await CallAsSessionAsync(session, "AssumeRole", ApiClient.Sts, ("RoleArn", notForFirst), ("RoleSessionName", "hop2"));
        var directByAccount = await _api.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", second), ("RoleSessionName", "direct"));

        var credentials = chained.GetProperty("Credentials");
        var hop = new Session(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("AccessKeySecret").GetString()!, credentials.GetProperty("SecurityToken").GetString()!, chained);
        var identity = (await CallAsSessionAsync(hop, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        Assert.Equal($"acs:ram::{account.AccountId}:assumed-role/second/hop2", identity.GetProperty("Arn").GetString());
        (await CallAsSessionAsync(hop, "ListUsers", ApiClient.Ram)).AssertSuccess();
        refused.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        directByAccount.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task AssumeRole_IsAudited_WithRoleSessionAndSourceIdentity_AndNeverLogsTheSecrets()
    {
        var account = await factory.CreateAccountAsync();
        var arn = await RoleAsync(account, "Audited", Trust($"acs:ram::{account.AccountId}:root"), "AliyunRAMFullAccess");
        var session = await AssumeAsync(account, arn, ("SourceIdentity", "deploy-bot"));

        (await CallAsSessionAsync(session, "CreateGroup", ApiClient.Ram, ("GroupName", "made-by-session"))).AssertSuccess();

        var events = (await factory.Services.GetRequiredService<IAuditStore>().ListAuditEventsAsync(account.AccountId, null, 100, CancellationToken.None)).Value.Items;
        var assumed = Assert.Single(events, e => e.EventName == "AssumeRole");
        Assert.Contains("RoleSessionName=alice-session", assumed.Details, StringComparison.Ordinal);
        Assert.Contains("SourceIdentity=deploy-bot", assumed.Details, StringComparison.Ordinal);
        Assert.Contains(session.AccessKeyId, assumed.Details, StringComparison.Ordinal);
        var created = Assert.Single(events, e => e.EventName == "CreateGroup");
        Assert.EndsWith(":alice-session", created.ActorPrincipalId, StringComparison.Ordinal);
        Assert.Equal(session.AccessKeyId, created.ActorAccessKeyId);
        Assert.Contains(factory.LogLines, line => line.Contains("role Audited (alice-session, source identity 'deploy-bot')", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(session.Secret, StringComparison.Ordinal) || line.Contains(session.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Details.Contains(session.Secret, StringComparison.Ordinal) || e.Details.Contains(session.Token[4..40], StringComparison.Ordinal));
    }
}
