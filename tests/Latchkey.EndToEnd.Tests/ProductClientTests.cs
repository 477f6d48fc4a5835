using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// @alicloud/ram20150501, ims20190815 and sts20150401 (openapi-core 1.0.8): default V3
/// (ACS3-HMAC-SHA256) and V1 (signatureAlgorithm 'v2'), through every action.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class ProductClientTests(LatchkeyServer server)
{
    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task ProductClients_EveryAction_Succeeds(string mode)
    {
        var account = await server.CreateAccountAsync();
        var alias = "sdk-" + Guid.NewGuid().ToString("N")[..10];
        var upn = $"alice@{account.AccountId}.onaliyun.com";
        var sdk = new SdkRunner(server);
        int Ram(string action, params (string, string)[] parameters) => sdk.Add("ram", mode, account, action, parameters);
        int Ims(string action, params (string, string)[] parameters) => sdk.Add("ims", mode, account, action, parameters);

        var createUser = Ram("CreateUser", ("UserName", "alice"), ("Email", "alice@example.com"));
        Ram("GetUser", ("UserName", "alice"));
        Ram("UpdateUser", ("UserName", "alice"), ("NewComments", "a b+c&d=e!'()*~ é"));
        var listUsers = Ram("ListUsers");
        var ramKey = Ram("CreateAccessKey", ("UserName", "alice"));
        var ramKeyId = SdkRunner.Ref(ramKey, "AccessKey.AccessKeyId");
        var ramKeys = Ram("ListAccessKeys", ("UserName", "alice"));
        Ram("UpdateAccessKey", ("UserName", "alice"), ("UserAccessKeyId", ramKeyId), ("Status", "Inactive"));
        Ram("GetAccessKeyLastUsed", ("UserName", "alice"), ("UserAccessKeyId", ramKeyId));
        Ram("DeleteAccessKey", ("UserName", "alice"), ("UserAccessKeyId", ramKeyId));

        var imsKey = Ims("CreateAccessKey", ("UserPrincipalName", upn));
        var imsKeyId = SdkRunner.Ref(imsKey, "AccessKey.AccessKeyId");
        var imsKeys = Ims("ListAccessKeys", ("UserPrincipalName", upn));
        Ims("UpdateAccessKey", ("UserPrincipalName", upn), ("UserAccessKeyId", imsKeyId), ("Status", "Inactive"));
        Ims("GetAccessKeyLastUsed", ("UserPrincipalName", upn), ("UserAccessKeyId", imsKeyId));
        var imsUserByUpn = Ims("GetUser", ("UserPrincipalName", upn));
        var imsUserByKey = Ims("GetUser", ("UserAccessKeyId", imsKeyId));
        Ims("DeleteAccessKey", ("UserPrincipalName", upn), ("UserAccessKeyId", imsKeyId));

        Ram("CreateLoginProfile", ("UserName", "alice"), ("Password", "Pa$$w0rd!(x)*~ é"), ("MFABindRequired", "false"));
        var getProfile = Ram("GetLoginProfile", ("UserName", "alice"));
        Ram("UpdateLoginProfile", ("UserName", "alice"), ("PasswordResetRequired", "true"));
        Ram("DeleteLoginProfile", ("UserName", "alice"));
        Ram("SetAccountAlias", ("AccountAlias", alias));
        var getAlias = Ram("GetAccountAlias");
        Ram("ClearAccountAlias");
        Ram("AttachPolicyToUser", ("UserName", "alice"), ("PolicyName", "AdministratorAccess"), ("PolicyType", "System"));
        var listPolicies = Ram("ListPoliciesForUser", ("UserName", "alice"));
        Ram("DetachPolicyFromUser", ("UserName", "alice"), ("PolicyName", "AdministratorAccess"), ("PolicyType", "System"));
        Ram("SetSecurityPreference", ("AllowUserToManageAccessKeys", "false"));
        var getPreference = Ram("GetSecurityPreference");
        Ram("DeleteUser", ("UserName", "alice"));
        var identity = sdk.Add("sts", mode, account, "GetCallerIdentity");

        var outcomes = await sdk.RunAsync();

        Assert.All(outcomes, outcome => Assert.True(outcome.Ok && outcome.StatusCode == 200, outcome.ToString()));
        var userId = outcomes[createUser].Body.GetProperty("User").GetProperty("UserId").GetString();
        Assert.Equal("a b+c&d=e!'()*~ é", outcomes[listUsers].Body.GetProperty("Users").GetProperty("User")[0].GetProperty("Comments").GetString());
        Assert.Equal(30, outcomes[ramKey].Body.GetProperty("AccessKey").GetProperty("AccessKeySecret").GetString()!.Length);
        Assert.Single(outcomes[ramKeys].Body.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray());
        Assert.Single(outcomes[imsKeys].Body.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray());
        Assert.Equal(upn, outcomes[imsUserByUpn].Body.GetProperty("User").GetProperty("UserPrincipalName").GetString());
        Assert.Equal(userId, outcomes[imsUserByKey].Body.GetProperty("User").GetProperty("UserId").GetString());
        Assert.Equal("alice", outcomes[getProfile].Body.GetProperty("LoginProfile").GetProperty("UserName").GetString());
        Assert.Equal(alias, outcomes[getAlias].Body.GetProperty("AccountAlias").GetString());
        Assert.Equal("AdministratorAccess", outcomes[listPolicies].Body.GetProperty("Policies").GetProperty("Policy")[0].GetProperty("PolicyName").GetString());
        Assert.False(outcomes[getPreference].Body.GetProperty("SecurityPreference").GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
        Assert.Equal("Account", outcomes[identity].Body.GetProperty("IdentityType").GetString());
        Assert.Equal($"acs:ram::{account.AccountId}:root", outcomes[identity].Body.GetProperty("Arn").GetString());
    }
}
