using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.Roles;

/// <summary>The RAM role actions over HTTP, with Alibaba's shapes and codes, authorized centrally.</summary>
public sealed class RoleActionsTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private static string Trust(string principal) =>
        $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["{{{principal}}}"]}}]}""";

    [Fact]
    public async Task CreateGetListUpdateDeleteRole_RoundTrips_WithAlibabasShapes()
    {
        var account = await factory.CreateAccountAsync();
        var trust = Trust($"acs:ram::{account.AccountId}:root");

        var created = (await _api.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", "Deployer"), ("AssumeRolePolicyDocument", trust), ("Description", "deploys"))).AssertSuccess().GetProperty("Role");
        var got = (await _api.CallAsync(account, "GetRole", ApiClient.Ram, ("RoleName", "deployer"))).AssertSuccess().GetProperty("Role");
        var listed = (await _api.CallAsync(account, "ListRoles", ApiClient.Ram)).AssertSuccess();
        var newTrust = Trust($"acs:ram::{account.AccountId}:user/alice");
        var updated = (await _api.CallAsync(account, "UpdateRole", ApiClient.Ram, ("RoleName", "Deployer"), ("NewAssumeRolePolicyDocument", newTrust), ("NewMaxSessionDuration", "7200"))).AssertSuccess().GetProperty("Role");
        var duplicate = await _api.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", "DEPLOYER"), ("AssumeRolePolicyDocument", trust));
        var deleted = await _api.CallAsync(account, "DeleteRole", ApiClient.Ram, ("RoleName", "Deployer"));
        var gone = await _api.CallAsync(account, "GetRole", ApiClient.Ram, ("RoleName", "Deployer"));
        var deletedAgain = await _api.CallAsync(account, "DeleteRole", ApiClient.Ram, ("RoleName", "Deployer"));

        Assert.Equal(("Deployer", $"acs:ram::{account.AccountId}:role/deployer", "deploys", trust, 3600), (created.GetProperty("RoleName").GetString(), created.GetProperty("Arn").GetString(), created.GetProperty("Description").GetString(), created.GetProperty("AssumeRolePolicyDocument").GetString(), created.GetProperty("MaxSessionDuration").GetInt32()));
        Assert.Matches("^[1-9][0-9]{15}$", created.GetProperty("RoleId").GetString());
        Assert.False(created.TryGetProperty("UpdateDate", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", got.GetProperty("CreateDate").GetString());
        Assert.True(got.TryGetProperty("UpdateDate", out _));
        var item = Assert.Single(listed.GetProperty("Roles").GetProperty("Role").EnumerateArray());
        Assert.False(item.TryGetProperty("AssumeRolePolicyDocument", out _));
        Assert.False(listed.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal((newTrust, 7200, "deploys"), (updated.GetProperty("AssumeRolePolicyDocument").GetString(), updated.GetProperty("MaxSessionDuration").GetInt32(), updated.GetProperty("Description").GetString()));
        duplicate.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.Role");
        deleted.AssertSuccess();
        gone.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Role");
        deletedAgain.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Role");
    }

    [Theory]
    [InlineData("RoleName", "bad_name", "InvalidParameter.RoleName.InvalidChars")]
    [InlineData("MaxSessionDuration", "3599", "InvalidParameter.MaxSessionDuration")]
    [InlineData("MaxSessionDuration", "43201", "InvalidParameter.MaxSessionDuration")]
    [InlineData("AssumeRolePolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""", "MalformedPolicyDocument")]
    [InlineData("AssumeRolePolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["somebody"]}}]}""", "MalformedPolicyDocument")]
    [InlineData("AssumeRolePolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Robot":["x"]}}]}""", "MalformedPolicyDocument")]
    [InlineData("AssumeRolePolicyDocument", "not json", "MalformedPolicyDocument")]
    public async Task CreateRole_InvalidParameter_IsRefusedWithAlibabasCode(string name, string value, string code)
    {
        var account = await factory.CreateAccountAsync();
        var parameters = new Dictionary<string, string>
        {
            ["RoleName"] = "Valid",
            ["AssumeRolePolicyDocument"] = Trust($"acs:ram::{account.AccountId}:root"),
            [name] = value,
        };

        var answer = await _api.CallAsync(account, "CreateRole", ApiClient.Ram, [.. parameters.Select(p => (p.Key, p.Value))]);

        answer.AssertError(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task CreateRole_TrustPolicyWithServiceAndNullPrincipals_IsKeptAsSent()
    {
        var account = await factory.CreateAccountAsync();
        var document = """{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"],"ram":null}}],"Version":"1"}""";

        var created = await _api.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", "EcsRole"), ("AssumeRolePolicyDocument", document));

        Assert.Equal(document, created.AssertSuccess().GetProperty("Role").GetProperty("AssumeRolePolicyDocument").GetString());
    }

    [Fact]
    public async Task RolePolicies_AttachListDetach_AndDeleteConflicts()
    {
        var account = await factory.CreateAccountAsync();
        (await _api.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", "Reader"), ("AssumeRolePolicyDocument", Trust($"acs:ram::{account.AccountId}:root")))).AssertSuccess();
        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "Mine"), ("PolicyDocument", """{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:ListUsers","Resource":"*"}]}"""))).AssertSuccess();

        (await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "ReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
        (await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "Mine"), ("PolicyType", "Custom"))).AssertSuccess();
        var again = await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "Mine"), ("PolicyType", "Custom"));
        var missingPolicy = await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "Nope"), ("PolicyType", "Custom"));
        var missingRole = await _api.CallAsync(account, "AttachPolicyToRole", ApiClient.Ram, ("RoleName", "Nobody"), ("PolicyName", "Mine"), ("PolicyType", "Custom"));
        var listed = (await _api.CallAsync(account, "ListPoliciesForRole", ApiClient.Ram, ("RoleName", "Reader"))).AssertSuccess();
        var entities = (await _api.CallAsync(account, "ListEntitiesForPolicy", ApiClient.Ram, ("PolicyName", "Mine"), ("PolicyType", "Custom"))).AssertSuccess();
        var deleteRole = await _api.CallAsync(account, "DeleteRole", ApiClient.Ram, ("RoleName", "Reader"));
        var deletePolicy = await _api.CallAsync(account, "DeletePolicy", ApiClient.Ram, ("PolicyName", "Mine"));
        (await _api.CallAsync(account, "DetachPolicyFromRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "Mine"), ("PolicyType", "Custom"))).AssertSuccess();
        var detachAgain = await _api.CallAsync(account, "DetachPolicyFromRole", ApiClient.Ram, ("RoleName", "Reader"), ("PolicyName", "Mine"), ("PolicyType", "Custom"));

        again.AssertError(HttpStatusCode.Conflict, "EntityAlreadyExists.Role.Policy");
        missingPolicy.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Policy");
        missingRole.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Role");
        Assert.Equal(["ReadOnlyAccess", "Mine"], listed.GetProperty("Policies").GetProperty("Policy").EnumerateArray().Select(p => p.GetProperty("PolicyName").GetString()));
        var role = Assert.Single(entities.GetProperty("Roles").GetProperty("Role").EnumerateArray());
        Assert.Equal(("Reader", $"acs:ram::{account.AccountId}:role/reader"), (role.GetProperty("RoleName").GetString(), role.GetProperty("Arn").GetString()));
        deleteRole.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Role.Policy");
        deletePolicy.AssertError(HttpStatusCode.Conflict, "DeleteConflict.Policy.Role");
        detachAgain.AssertError(HttpStatusCode.NotFound, "EntityNotExist.Role.Policy");
    }

    [Fact]
    public async Task RoleActions_ByRamUser_AreAuthorizedOnTheLowerCasedRoleArn()
    {
        var account = await factory.CreateAccountAsync();
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "ops"))).AssertSuccess();
        var key = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "ops"))).AssertSuccess().GetProperty("AccessKey");
        var user = new TestAccount(account.AccountId, key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("AccessKeySecret").GetString()!);
        var policy = $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:CreateRole","ram:GetRole"],"Resource":"acs:ram::{{{account.AccountId}}}:role/app-*"}]}""";
        (await _api.CallAsync(account, "CreatePolicy", ApiClient.Ram, ("PolicyName", "AppRoles"), ("PolicyDocument", policy))).AssertSuccess();
        (await _api.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("UserName", "ops"), ("PolicyName", "AppRoles"), ("PolicyType", "Custom"))).AssertSuccess();
        var trust = Trust($"acs:ram::{account.AccountId}:root");

        var allowed = await _api.CallAsync(user, "CreateRole", ApiClient.Ram, ("RoleName", "App-Web"), ("AssumeRolePolicyDocument", trust));
        var other = await _api.CallAsync(user, "CreateRole", ApiClient.Ram, ("RoleName", "Admin"), ("AssumeRolePolicyDocument", trust));
        var list = await _api.CallAsync(user, "ListRoles", ApiClient.Ram);

        allowed.AssertSuccess();
        other.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        Assert.Contains($"role/admin", other.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
        list.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }
}
