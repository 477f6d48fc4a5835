using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>@alicloud/pop-core 1.8.0 (V1 HMAC-SHA1), GET query and POST form, through every RAM action.</summary>
[Collection(SharedServer.Name)]
public sealed class PopCoreTests(LatchkeyServer server)
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task PopCore_EveryRamAction_Succeeds(string method)
    {
        var account = await server.CreateAccountAsync();
        var alias = "pop-" + Guid.NewGuid().ToString("N")[..10];
        var sdk = new SdkRunner(server);
        int Call(string action, params (string, string)[] parameters) => sdk.Add("pop", method, account, action, parameters);
        var createUser = Call("CreateUser", ("UserName", "alice"), ("DisplayName", "Alice A. 张"), ("Comments", "it's (ok)! *~"));
        var getUser = Call("GetUser", ("UserName", "alice"));
        Call("UpdateUser", ("UserName", "alice"), ("NewDisplayName", "Alice B"));
        var listUsers = Call("ListUsers", ("MaxItems", "10"));
        var createKey = Call("CreateAccessKey", ("UserName", "alice"));
        var keyId = SdkRunner.Ref(createKey, "AccessKey.AccessKeyId");
        var listKeys = Call("ListAccessKeys", ("UserName", "alice"));
        Call("UpdateAccessKey", ("UserName", "alice"), ("UserAccessKeyId", keyId), ("Status", "Inactive"));
        Call("GetAccessKeyLastUsed", ("UserName", "alice"), ("UserAccessKeyId", keyId));
        Call("DeleteAccessKey", ("UserName", "alice"), ("UserAccessKeyId", keyId));
        var createProfile = Call("CreateLoginProfile", ("UserName", "alice"), ("Password", "Pa$$w0rd!(x)*~ é"), ("PasswordResetRequired", "true"));
        Call("GetLoginProfile", ("UserName", "alice"));
        Call("UpdateLoginProfile", ("UserName", "alice"), ("MFABindRequired", "true"));
        Call("DeleteLoginProfile", ("UserName", "alice"));
        Call("SetAccountAlias", ("AccountAlias", alias));
        var getAlias = Call("GetAccountAlias");
        Call("ClearAccountAlias");
        Call("AttachPolicyToUser", ("UserName", "alice"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"));
        var listPolicies = Call("ListPoliciesForUser", ("UserName", "alice"));
        Call("DetachPolicyFromUser", ("UserName", "alice"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"));
        Call("SetSecurityPreference", ("AllowUserToManageAccessKeys", "true"));
        var getPreference = Call("GetSecurityPreference");
        Call("DeleteUser", ("UserName", "alice"));
        var identity = Call("GetCallerIdentity");

        var outcomes = await sdk.RunAsync();

        Assert.All(outcomes, outcome => Assert.True(outcome.Ok, outcome.ToString()));
        Assert.Equal("Alice A. 张", outcomes[createUser].Body.GetProperty("User").GetProperty("DisplayName").GetString());
        Assert.Equal("it's (ok)! *~", outcomes[getUser].Body.GetProperty("User").GetProperty("Comments").GetString());
        Assert.Equal("Alice B", outcomes[listUsers].Body.GetProperty("Users").GetProperty("User")[0].GetProperty("DisplayName").GetString());
        Assert.StartsWith("LK", outcomes[createKey].Body.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Single(outcomes[listKeys].Body.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray());
        Assert.True(outcomes[createProfile].Body.GetProperty("LoginProfile").GetProperty("PasswordResetRequired").GetBoolean());
        Assert.Equal(alias, outcomes[getAlias].Body.GetProperty("AccountAlias").GetString());
        Assert.Equal("AliyunRAMReadOnlyAccess", outcomes[listPolicies].Body.GetProperty("Policies").GetProperty("Policy")[0].GetProperty("PolicyName").GetString());
        Assert.True(outcomes[getPreference].Body.GetProperty("SecurityPreference").GetProperty("AccessKeyPreference").GetProperty("AllowUserToManageAccessKeys").GetBoolean());
        Assert.Equal(account.AccountId, outcomes[identity].Body.GetProperty("AccountId").GetString());
    }

    [Fact]
    public async Task PopCore_ErrorCarriesCode()
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        sdk.Add("pop", "GET", account, "GetUser", ("UserName", "nobody"));
        sdk.Add("pop", "POST", account, "DeleteUser", ("UserName", "nobody"));

        var outcomes = await sdk.RunAsync();

        Assert.All(outcomes, outcome =>
        {
            Assert.False(outcome.Ok);
            Assert.Equal("EntityNotExist.User", outcome.Code);
            Assert.Equal(404, outcome.StatusCode);
        });
    }
}
