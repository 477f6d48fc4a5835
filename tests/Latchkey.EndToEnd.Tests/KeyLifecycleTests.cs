using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>A key verifies on the very next request after it is created, and fails on the very next one after it is disabled or deleted.</summary>
[Collection(SharedServer.Name)]
public sealed class KeyLifecycleTests(LatchkeyServer server)
{
    [Theory]
    [InlineData("sts", "v3", "ram", "v3")]
    [InlineData("pop", "GET", "ram", "v2")]
    [InlineData("sts", "v2", "pop", "POST")]
    public async Task KeyChanges_TakeEffectOnTheVeryNextRequest(string callerSdk, string callerMode, string adminSdk, string adminMode)
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        sdk.Add(adminSdk, adminMode, account, "CreateUser", ("UserName", "kim"));
        var created = sdk.Add(adminSdk, adminMode, account, "CreateAccessKey", ("UserName", "kim"));
        var id = SdkRunner.Ref(created, "AccessKey.AccessKeyId");
        var secret = SdkRunner.Ref(created, "AccessKey.AccessKeySecret");
        var fresh = sdk.Add(callerSdk, callerMode, id, secret, "GetCallerIdentity");
        sdk.Add(adminSdk, adminMode, account, "UpdateAccessKey", ("UserName", "kim"), ("UserAccessKeyId", id), ("Status", "Inactive"));
        var inactive = sdk.Add(callerSdk, callerMode, id, secret, "GetCallerIdentity");
        sdk.Add(adminSdk, adminMode, account, "UpdateAccessKey", ("UserName", "kim"), ("UserAccessKeyId", id), ("Status", "Active"));
        var reactivated = sdk.Add(callerSdk, callerMode, id, secret, "GetCallerIdentity");
        sdk.Add(adminSdk, adminMode, account, "DeleteAccessKey", ("UserName", "kim"), ("UserAccessKeyId", id));
        var deleted = sdk.Add(callerSdk, callerMode, id, secret, "GetCallerIdentity");

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[fresh].Ok, outcomes[fresh].ToString());
        Assert.Equal("RAMUser", outcomes[fresh].Body.GetProperty("IdentityType").GetString());
        Assert.Equal($"acs:ram::{account.AccountId}:user/kim", outcomes[fresh].Body.GetProperty("Arn").GetString());
        Assert.Equal("InvalidAccessKeyId.Inactive", outcomes[inactive].Code);
        Assert.True(outcomes[reactivated].Ok, outcomes[reactivated].ToString());
        Assert.Equal("InvalidAccessKeyId.NotFound", outcomes[deleted].Code);
        if (callerSdk != "pop")
        {
            Assert.Equal(400, outcomes[inactive].StatusCode);
            Assert.Equal(404, outcomes[deleted].StatusCode);
        }
    }
}
