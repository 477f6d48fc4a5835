using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.Policies;

/// <summary>The policy and group actions over HTTP, and central authorization by the engine.</summary>
public sealed class PolicyActionsTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private const string ListUsersOnly = """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}]}""";
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<TestAccount> UserKeyAsync(TestAccount account, string userName)
    {
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName))).AssertSuccess();
        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);
    }

    [Fact]
    public async Task CreateGetListUpdateDeletePolicy_RoundTrips_WithAlibabasShapes()
    {
        var account = await factory.CreateAccountAsync();

        var created = (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "ListOnly"), ("PolicyDocument", ListUsersOnly), ("Description", "lists users"))).AssertSuccess();
        var got = (await _api.CallAsync(account, "GetPolicy", ApiClient.Ram, ("PolicyName", "listonly"), ("PolicyType", "Custom"))).AssertSuccess();
        var system = (await _api.CallAsync(account, "GetPolicy", ApiClient.Ram, ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        var listed = (await _api.CallAsync(account, "ListPolicies", ApiClient.Ram, ("MaxItems", "3"))).AssertSuccess();
        var page2 = (await _api.CallAsync(account, "ListPolicies", ApiClient.Ram, ("MaxItems", "3"), ("Marker", listed.GetProperty("Marker").GetString()!))).AssertSuccess();
        var customOnly = (await _api.CallAsync(account, "ListPolicies", ApiClient.Ram, ("PolicyType", "Custom"))).AssertSuccess();
        var updated = (await _api.CallAsync(account, "UpdatePolicyDescription", ApiClient.Ram, ("PolicyName", "ListOnly"), ("NewDescription", "new"))).AssertSuccess();
        var duplicate = await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "LISTONLY"), ("PolicyDocument", ListUsersOnly));
        var systemName = await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "AdministratorAccess"), ("PolicyDocument", ListUsersOnly));
        var deleted = await _api.CallAsync(account, "DeletePolicy", ApiClient.Ram, ("PolicyName", "ListOnly"));
        var gone = await _api.CallAsync(account, "GetPolicy", ApiClient.Ram, ("PolicyName", "ListOnly"), ("PolicyType", "Custom"));

        var policy = created.GetProperty("Policy");
        Assert.Equal(("ListOnly", "Custom", "v1", "lists users"), (policy.GetProperty("PolicyName").GetString(), policy.GetProperty("PolicyType").GetString(), policy.GetProperty("DefaultVersion").GetString(), policy.GetProperty("Description").GetString()));
        Assert.Equal(ListUsersOnly, got.GetProperty("DefaultPolicyVersion").GetProperty("PolicyDocument").GetString());
        Assert.True(got.GetProperty("DefaultPolicyVersion").GetProperty("IsDefaultVersion").GetBoolean());
        Assert.Equal(0, got.GetProperty("Policy").GetProperty("AttachmentCount").GetInt32());
        Assert.Equal("v3", system.GetProperty("Policy").GetProperty("DefaultVersion").GetString());
        Assert.Contains("ram:List*", system.GetProperty("DefaultPolicyVersion").GetProperty("PolicyDocument").GetString(), StringComparison.Ordinal);
        Assert.True(listed.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal(3, listed.GetProperty("Policies").GetProperty("Policy").GetArrayLength());
        Assert.False(page2.GetProperty("IsTruncated").GetBoolean());
        Assert.False(page2.TryGetProperty("Marker", out _));
        Assert.Equal(3, page2.GetProperty("Policies").GetProperty("Policy").GetArrayLength());
        Assert.Equal("ListOnly", Assert.Single(customOnly.GetProperty("Policies").GetProperty("Policy").EnumerateArray()).GetProperty("PolicyName").GetString());
        Assert.Equal("new", updated.GetProperty("Policy").GetProperty("Description").GetString());
        duplicate.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.Policy");
        systemName.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.Policy");
        deleted.AssertSuccess();
        gone.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Policy");
    }

    [Fact]
    public async Task CreatePolicy_MalformedDocument_Returns400NamingTheFault()
    {
        var account = await factory.CreateAccountAsync();

        var bad = await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "Bad"), ("PolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"999.0.0.1"}}}]}"""));
        var badName = await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "bad_name"), ("PolicyDocument", ListUsersOnly));
        var missing = await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "NoDoc"));

        bad.AssertError(HttpStatusCode.BadRequest, "MalformedPolicyDocument");
        Assert.Contains("Statement[0].Condition.IpAddress.acs:SourceIp", bad.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        badName.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.PolicyName.InvalidChars");
        missing.AssertError(HttpStatusCode.BadRequest, "MissingPolicyDocument");
    }

    [Fact]
    public async Task Versions_AtMostFive_RotateAndCascadingDelete()
    {
        var account = await factory.CreateAccountAsync();
        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyDocument", ListUsersOnly))).AssertSuccess();
        for (var i = 2; i <= 5; i++)
        {
            var version = (await _api.CallAsync(account, "CreatePolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyDocument", ListUsersOnly))).AssertSuccess();
            Assert.Equal($"v{i}", version.GetProperty("PolicyVersion").GetProperty("VersionId").GetString());
            Assert.False(version.GetProperty("PolicyVersion").GetProperty("IsDefaultVersion").GetBoolean());
        }

        var sixth = await _api.CallAsync(account, "CreatePolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyDocument", ListUsersOnly));
        var rotated = (await _api.CallAsync(account, "CreatePolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyDocument", ListUsersOnly), ("SetAsDefault", "true"), ("RotateStrategy", "DeleteOldestNonDefaultVersionWhenLimitExceeded"))).AssertSuccess();
        var versions = (await _api.CallAsync(account, "ListPolicyVersions", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyType", "Custom"))).AssertSuccess();
        var deleteDefault = await _api.CallAsync(account, "DeletePolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("VersionId", "v6"));
        var badId = await _api.CallAsync(account, "GetPolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyType", "Custom"), ("VersionId", "6"));
        var v1 = (await _api.CallAsync(account, "GetPolicyVersion", ApiClient.Ram, ("PolicyName", "Versioned"), ("PolicyType", "Custom"), ("VersionId", "v1"))).AssertSuccess();
        var blocked = await _api.CallAsync(account, "DeletePolicy", ApiClient.Ram, ("PolicyName", "Versioned"));
        var cascade = await _api.CallAsync(account, "DeletePolicy", ApiClient.Ram, ("PolicyName", "Versioned"), ("CascadingDelete", "true"));

        sixth.AssertError(HttpStatusCode.Conflict, "LimitExceeded.Policy.Version");
        Assert.Equal("v6", rotated.GetProperty("PolicyVersion").GetProperty("VersionId").GetString());
        var ids = versions.GetProperty("PolicyVersions").GetProperty("PolicyVersion").EnumerateArray().Select(v => v.GetProperty("VersionId").GetString()).ToList();
        Assert.Equal(["v1", "v3", "v4", "v5", "v6"], ids);
        deleteDefault.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Policy.Version.Default");
        badId.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.VersionId.Format");
        Assert.False(v1.GetProperty("PolicyVersion").GetProperty("IsDefaultVersion").GetBoolean());
        blocked.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Policy.Version");
        cascade.AssertSuccess();
    }

    [Fact]
    public async Task CustomPolicy_GrantsExactlyItsActionsAndResources_AndDenyBeatsAllow()
    {
        var account = await factory.CreateAccountAsync();
        var user = await UserKeyAsync(account, "scoped");
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "target"))).AssertSuccess();
        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "ReadTarget"), ("PolicyDocument", $$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"acs:ram:*:{{account.AccountId}}:user/target"}]}"""))).AssertSuccess();
        (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "scoped"), ("PolicyName", "ReadTarget"), ("PolicyType", "Custom"))).AssertSuccess();

        var allowed = await _api.CallAsync(user, "GetUser", ApiClient.Ram, ("UserName", "target"));
        var otherUser = await _api.CallAsync(user, "GetUser", ApiClient.Ram, ("UserName", "scoped"));
        var otherAction = await _api.CallAsync(user, "DeleteUser", ApiClient.Ram, ("UserName", "target"));

        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "DenyTarget"), ("PolicyDocument", """{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:*","Resource":"acs:ram:*:*:user/target"}]}"""))).AssertSuccess();
        (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "scoped"), ("PolicyName", "DenyTarget"), ("PolicyType", "Custom"))).AssertSuccess();
        var denied = await _api.CallAsync(user, "GetUser", ApiClient.Ram, ("UserName", "target"));

        allowed.AssertSuccess();
        var implicitDeny = otherUser.AssertError(HttpStatusCode.Forbidden, "NoPermission").Json;
        Assert.Equal($"You are not authorized to do this action. Resource: acs:ram:*:{account.AccountId}:user/scoped Action: ram:GetUser", implicitDeny.GetProperty("Message").GetString());
        var detail = implicitDeny.GetProperty("AccessDeniedDetail");
        Assert.Equal(JsonValueKind.Object, detail.ValueKind);
        Assert.Equal("ram:GetUser", detail.GetProperty("AuthAction").GetString());
        Assert.Equal("SubUser", detail.GetProperty("AuthPrincipalType").GetString());
        Assert.Equal(account.AccountId, detail.GetProperty("AuthPrincipalOwnerId").GetString());
        Assert.Equal("AccountLevelIdentityBasedPolicy", detail.GetProperty("PolicyType").GetString());
        Assert.Equal("ImplicitDeny", detail.GetProperty("NoPermissionType").GetString());
        otherAction.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        var explicitDeny = denied.AssertError(HttpStatusCode.Forbidden, "NoPermission").Json.GetProperty("AccessDeniedDetail");
        Assert.Equal("ExplicitDeny", explicitDeny.GetProperty("NoPermissionType").GetString());

        var decoded = (await _api.CallAsync(account, "DecodeDiagnosticMessage", ApiClient.Ram, ("EncodedDiagnosticMessage", explicitDeny.GetProperty("EncodedDiagnosticMessage").GetString()!))).AssertSuccess().GetProperty("DecodedDiagnosticMessage");
        Assert.True(decoded.GetProperty("ExplicitDeny").GetBoolean());
        Assert.Equal($"acs:ram:*:{account.AccountId}:user/target", decoded.GetProperty("AuthResource").GetString());
        Assert.Equal("DenyTarget", decoded.GetProperty("MatchedPolicies")[0].GetProperty("PolicyIdentifier").GetString());
        var other = await factory.CreateAccountAsync();
        (await _api.CallAsync(other, "DecodeDiagnosticMessage", ApiClient.Ram, ("EncodedDiagnosticMessage", explicitDeny.GetProperty("EncodedDiagnosticMessage").GetString()!))).AssertError(HttpStatusCode.NotFound, "EntityNotExist");
    }

    [Fact]
    public async Task Groups_LifeCycle_MembersPoliciesAndConflicts()
    {
        var account = await factory.CreateAccountAsync();
        var member = await UserKeyAsync(account, "member");

        var created = (await _api.CallAsync(account, "CreateGroup", ApiClient.Ram, ("GroupName", "dev"), ("Comments", "developers"))).AssertSuccess();
        var readBefore = await _api.CallAsync(member, "ListUsers", ApiClient.Ram);
        (await _api.CallAsync(account, "AttachPolicyToGroup", ApiClient.Ram, ("GroupName", "dev"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        (await _api.CallAsync(account, "AddUserToGroup", ApiClient.Ram, ("GroupName", "dev"), ("UserName", "member"))).AssertSuccess();
        var readAsMember = await _api.CallAsync(member, "ListUsers", ApiClient.Ram);
        var again = await _api.CallAsync(account, "AddUserToGroup", ApiClient.Ram, ("GroupName", "dev"), ("UserName", "member"));
        var groupsForUser = (await _api.CallAsync(account, "ListGroupsForUser", ApiClient.Ram, ("UserName", "member"))).AssertSuccess();
        var usersForGroup = (await _api.CallAsync(account, "ListUsersForGroup", ApiClient.Ram, ("GroupName", "dev"))).AssertSuccess();
        var policiesForGroup = (await _api.CallAsync(account, "ListPoliciesForGroup", ApiClient.Ram, ("GroupName", "dev"))).AssertSuccess();
        var entities = (await _api.CallAsync(account, "ListEntitiesForPolicy", ApiClient.Ram, ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        var withMembers = await _api.CallAsync(account, "DeleteGroup", ApiClient.Ram, ("GroupName", "dev"));
        var userInGroup = await _api.CallAsync(account, "DeleteAccessKey", ApiClient.Ram, ("UserName", "member"), ("UserAccessKeyId", member.AccessKeyId));
        var deleteUser = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "member"));
        (await _api.CallAsync(account, "RemoveUserFromGroup", ApiClient.Ram, ("GroupName", "dev"), ("UserName", "member"))).AssertSuccess();
        var notMember = await _api.CallAsync(account, "RemoveUserFromGroup", ApiClient.Ram, ("GroupName", "dev"), ("UserName", "member"));
        var withPolicies = await _api.CallAsync(account, "DeleteGroup", ApiClient.Ram, ("GroupName", "dev"));
        var renamed = (await _api.CallAsync(account, "UpdateGroup", ApiClient.Ram, ("GroupName", "dev"), ("NewGroupName", "devs"), ("NewComments", "all devs"))).AssertSuccess();
        var noop = (await _api.CallAsync(account, "UpdateGroup", ApiClient.Ram, ("GroupName", "devs"))).AssertSuccess();
        (await _api.CallAsync(account, "DetachPolicyFromGroup", ApiClient.Ram, ("GroupName", "devs"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        var listed = (await _api.CallAsync(account, "ListGroups", ApiClient.Ram)).AssertSuccess();
        (await _api.CallAsync(account, "ListGroups", ApiClient.Ram, ("MaxItems", "101"))).AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
        (await _api.CallAsync(account, "ListGroups", ApiClient.Ram, ("MaxItems", "100"))).AssertSuccess();
        var deleted = await _api.CallAsync(account, "DeleteGroup", ApiClient.Ram, ("GroupName", "devs"));
        var gone = await _api.CallAsync(account, "GetGroup", ApiClient.Ram, ("GroupName", "devs"));

        Assert.StartsWith("g-", created.GetProperty("Group").GetProperty("GroupId").GetString(), StringComparison.Ordinal);
        readBefore.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        readAsMember.AssertSuccess();
        again.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.User.Group");
        Assert.Equal("dev", groupsForUser.GetProperty("Groups").GetProperty("Group")[0].GetProperty("GroupName").GetString());
        Assert.Equal("member", usersForGroup.GetProperty("Users").GetProperty("User")[0].GetProperty("UserName").GetString());
        Assert.False(usersForGroup.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal("AliyunRAMReadOnlyAccess", policiesForGroup.GetProperty("Policies").GetProperty("Policy")[0].GetProperty("PolicyName").GetString());
        Assert.Equal("dev", entities.GetProperty("Groups").GetProperty("Group")[0].GetProperty("GroupName").GetString());
        Assert.Equal(0, entities.GetProperty("Users").GetProperty("User").GetArrayLength());
        Assert.Equal(0, entities.GetProperty("Roles").GetProperty("Role").GetArrayLength());
        withMembers.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Group.User");
        userInGroup.AssertSuccess();
        deleteUser.AssertError(HttpStatusCode.Conflict, "DeleteConflict.User.Group");
        notMember.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.Group");
        withPolicies.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Group.Policy");
        Assert.Equal(("devs", "all devs"), (renamed.GetProperty("Group").GetProperty("GroupName").GetString(), renamed.GetProperty("Group").GetProperty("Comments").GetString()));
        Assert.Equal("devs", noop.GetProperty("Group").GetProperty("GroupName").GetString());
        Assert.True(listed.TryGetProperty("IsTruncated", out _));
        Assert.Equal("devs", listed.GetProperty("Groups").GetProperty("Group")[0].GetProperty("GroupName").GetString());
        deleted.AssertSuccess();
        gone.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Group");
    }

    [Fact]
    public async Task SourceIpCondition_DecidesByTheConnectionsAddress()
    {
        var account = await factory.CreateAccountAsync();
        var user = await UserKeyAsync(account, "ipbound");
        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "OnlyFromTestNet"), ("PolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"203.0.113.0/24"}}}]}"""))).AssertSuccess();
        (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "ipbound"), ("PolicyName", "OnlyFromTestNet"), ("PolicyType", "Custom"))).AssertSuccess();

        // WebApplicationFactory's in-memory server has no remote address: not in 203.0.113.0/24.
        var refused = await _api.CallAsync(user, "ListUsers", ApiClient.Ram);

        refused.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }
}
