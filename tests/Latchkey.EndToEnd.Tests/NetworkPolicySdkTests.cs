using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// IMS SetAccessKeyPolicy / GetAccessKeyPolicy through the official SDKs (the ims20190815 client's
/// callApi, as the generated 4.4.0 method calls it; the registry serves 2.3.2), and the policy
/// enforced on requests the SDKs sign from 127.0.0.1: allowed and disallowed CIDRs, Active and
/// AuditOnly, V3 (product client) and V1 (pop-core).
/// </summary>
[Collection(SharedServer.Name)]
public sealed class NetworkPolicySdkTests(LatchkeyServer server)
{
    private const string Loopback = """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["127.0.0.0/8","::1"]}]}""";
    private const string Elsewhere = """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.0/24"]},{"Type":"VPCWhiteList","Value":"AllowAllVPC","IPList":["0.0.0.0/0"]}]}""";
    private const string ElsewhereAudited = """{"Version":1,"Status":"AuditOnly","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.0/24"]}]}""";
    private const string Cleared = """{"Version":1,"Status":"Inactive","Statements":[]}""";

    [Fact]
    public async Task NetworkPolicy_EnforcedAndAuditOnly_FromLoopback()
    {
        var account = await server.CreateAccountAsync();
        var upn = $"app@{account.AccountId}.onaliyun.com";
        var sdk = new SdkRunner(server);
        int Ims(string action, params (string, string)[] parameters) => sdk.Add("ims", "v3", account, action, parameters);

        sdk.Add("ram", "v3", account, "CreateUser", ("UserName", "app"));
        var created = Ims("CreateAccessKey", ("UserPrincipalName", upn));
        var id = SdkRunner.Ref(created, "AccessKey.AccessKeyId");
        var secret = SdkRunner.Ref(created, "AccessKey.AccessKeySecret");
        int AsApp(string sdkName, string mode) => sdk.Add(sdkName, mode, id, secret, "GetCallerIdentity");

        var never = Ims("GetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var setLoopback = Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", Loopback));
        var allowedV3 = AsApp("sts", "v3");
        var allowedV1 = AsApp("pop", "GET");
        Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", Elsewhere));
        var refusedV3 = AsApp("sts", "v3");
        var refusedV1 = AsApp("pop", "POST");
        var setAudit = Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", ElsewhereAudited));
        var audited = AsApp("sts", "v3");
        var getAudit = Ims("GetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var empty = Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", "{}"));
        var tooMany = Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", TooManyItems()));
        var missing = Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        Ims("SetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("AccessKeyPolicy", Cleared));
        var afterClear = AsApp("sts", "v3");
        var getCleared = Ims("GetAccessKeyPolicy", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var otherAccount = await server.CreateAccountAsync();
        var foreign = sdk.Add("ims", "v3", otherAccount, "GetAccessKeyPolicy", ("UserAccessKeyId", id));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[never].Ok, outcomes[never].ToString());
        Assert.Equal("{}", outcomes[never].Body.GetProperty("AccessKeyPolicy").GetString());
        Assert.Equal(Loopback, outcomes[setLoopback].Body.GetProperty("AccessKeyPolicy").GetString());
        Assert.True(outcomes[allowedV3].Ok, outcomes[allowedV3].ToString());
        Assert.True(outcomes[allowedV1].Ok, outcomes[allowedV1].ToString());
        Assert.Equal(("InvalidAccessKeyId.Inactive", 400), (outcomes[refusedV3].Code, outcomes[refusedV3].StatusCode));
        Assert.Equal(("InvalidAccessKeyId.Inactive", 400), (outcomes[refusedV1].Code, outcomes[refusedV1].StatusCode));
        Assert.True(outcomes[setAudit].Ok, outcomes[setAudit].ToString());
        Assert.True(outcomes[audited].Ok, outcomes[audited].ToString());
        Assert.Equal(ElsewhereAudited, outcomes[getAudit].Body.GetProperty("AccessKeyPolicy").GetString());
        Assert.Equal(outcomes[created].Body.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString(), outcomes[getAudit].Body.GetProperty("AccessKeyId").GetString());
        Assert.Equal(("InvalidParameter.AccessKeyPolicy", 400), (outcomes[empty].Code, outcomes[empty].StatusCode));
        Assert.Equal(("LimitExceeded.AccessKeyPolicy", 409), (outcomes[tooMany].Code, outcomes[tooMany].StatusCode));
        Assert.Equal("MissingAccessKeyPolicy", outcomes[missing].Code);
        Assert.True(outcomes[afterClear].Ok, outcomes[afterClear].ToString());
        Assert.Equal(Cleared, outcomes[getCleared].Body.GetProperty("AccessKeyPolicy").GetString());
        Assert.Equal("EntityNotExist.User.AccessKey", outcomes[foreign].Code);
    }

    private static string TooManyItems() =>
        $$"""{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":[{{string.Join(',', Enumerable.Range(1, 51).Select(i => $"\"10.1.0.{i}\""))}}]}]}""";
}
