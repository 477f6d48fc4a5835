using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>The AccessKey recycle bin through the official IMS SDK (@alicloud/ims20190815): delete, look, restore, verify, delete for good.</summary>
[Collection(SharedServer.Name)]
public sealed class RecycleBinSdkTests(LatchkeyServer server)
{
    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task DeletedKey_StaysInTheBin_NeverVerifiesThere_AndVerifiesAgainOnceRestored(string mode)
    {
        var account = await server.CreateAccountAsync();
        var upn = $"kim@{account.AccountId}.onaliyun.com";
        var sdk = new SdkRunner(server);
        var user = sdk.Add("ram", mode, account, "CreateUser", ("UserName", "kim"));
        var created = sdk.Add("ims", mode, account, "CreateAccessKey", ("UserPrincipalName", upn));
        var id = SdkRunner.Ref(created, "AccessKey.AccessKeyId");
        var secret = SdkRunner.Ref(created, "AccessKey.AccessKeySecret");
        var userId = SdkRunner.Ref(user, "User.UserId");
        var fresh = sdk.Add("sts", mode, id, secret, "GetCallerIdentity");
        var deleted = sdk.Add("ims", mode, account, "DeleteAccessKey", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var inBin = sdk.Add("sts", mode, id, secret, "GetCallerIdentity");
        var liveList = sdk.Add("ims", mode, account, "ListAccessKeys", ("UserPrincipalName", upn));
        var binList = sdk.Add("ims", mode, account, "ListAccessKeysInRecycleBin", ("UserId", userId));
        var info = sdk.Add("ims", mode, account, "GetAccessKeyInfoInRecycleBin", ("UserAccessKeyId", id));
        var restored = sdk.Add("ims", mode, account, "RestoreAccessKeyFromRecycleBin", ("UserAccessKeyId", id), ("UserId", userId));
        var afterRestore = sdk.Add("sts", mode, id, secret, "GetCallerIdentity");
        var emptyBin = sdk.Add("ims", mode, account, "ListAccessKeysInRecycleBin", ("UserId", userId));
        sdk.Add("ims", mode, account, "DeleteAccessKey", ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var purged = sdk.Add("ims", mode, account, "DeleteAccessKeyInRecycleBin", ("UserAccessKeyId", id), ("UserId", userId));
        var gone = sdk.Add("ims", mode, account, "GetAccessKeyInfoInRecycleBin", ("UserAccessKeyId", id));
        var restoreGone = sdk.Add("ims", mode, account, "RestoreAccessKeyFromRecycleBin", ("UserAccessKeyId", id), ("UserId", userId));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[fresh].Ok, outcomes[fresh].ToString());
        Assert.True(outcomes[deleted].Ok, outcomes[deleted].ToString());
        Assert.Equal("InvalidAccessKeyId.NotFound", outcomes[inBin].Code);
        Assert.Equal(0, outcomes[liveList].Body.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        var keyId = outcomes[created].Body.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString();
        var listed = Assert.Single(outcomes[binList].Body.GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray());
        Assert.Equal(keyId, listed.GetProperty("AccessKeyId").GetString());
        var recycleDate = DateTimeOffset.Parse(listed.GetProperty("RecycleDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var deleteDate = DateTimeOffset.Parse(listed.GetProperty("DeleteDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(30), deleteDate - recycleDate);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", listed.GetProperty("CreateDate").GetString());
        var key = outcomes[info].Body.GetProperty("AccessKey");
        Assert.Equal(keyId, key.GetProperty("AccessKeyId").GetString());
        Assert.Equal(outcomes[user].Body.GetProperty("User").GetProperty("UserId").GetString(), key.GetProperty("UserId").GetString());
        Assert.Equal(upn, key.GetProperty("UserPrincipalName").GetString());
        Assert.False(key.GetProperty("UserRecycled").GetBoolean());
        Assert.True(outcomes[restored].Ok, outcomes[restored].ToString());
        Assert.True(outcomes[afterRestore].Ok, outcomes[afterRestore].ToString());
        Assert.Equal($"acs:ram::{account.AccountId}:user/kim", outcomes[afterRestore].Body.GetProperty("Arn").GetString());
        Assert.Equal(0, outcomes[emptyBin].Body.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        Assert.True(outcomes[purged].Ok, outcomes[purged].ToString());
        Assert.Equal("EntityNotExist.User.AccessKey", outcomes[gone].Code);
        Assert.Equal(404, outcomes[gone].StatusCode);
        Assert.Equal("EntityNotExist.User.AccessKey", outcomes[restoreGone].Code);
    }

    [Fact]
    public async Task RestoreFromTheBin_WhenTheOwnerHasNoRoom_IsRefusedWithTheLimitCode()
    {
        var account = await server.CreateAccountAsync();
        var upn = $"lee@{account.AccountId}.onaliyun.com";
        var sdk = new SdkRunner(server);
        var user = sdk.Add("ram", "v3", account, "CreateUser", ("UserName", "lee"));
        var first = sdk.Add("ims", "v3", account, "CreateAccessKey", ("UserPrincipalName", upn));
        sdk.Add("ims", "v3", account, "CreateAccessKey", ("UserPrincipalName", upn));
        sdk.Add("ims", "v3", account, "DeleteAccessKey", ("UserPrincipalName", upn), ("UserAccessKeyId", SdkRunner.Ref(first, "AccessKey.AccessKeyId")));
        var third = sdk.Add("ims", "v3", account, "CreateAccessKey", ("UserPrincipalName", upn));
        var restore = sdk.Add("ims", "v3", account, "RestoreAccessKeyFromRecycleBin", ("UserAccessKeyId", SdkRunner.Ref(first, "AccessKey.AccessKeyId")), ("UserId", SdkRunner.Ref(user, "User.UserId")));

        var outcomes = await sdk.RunAsync();

        Assert.True(outcomes[third].Ok, outcomes[third].ToString());
        Assert.Equal("LimitExceeded.User.AccessKey", outcomes[restore].Code);
        Assert.Equal(409, outcomes[restore].StatusCode);
        Assert.Contains("cannot be restored", outcomes[restore].Message, StringComparison.Ordinal);
    }
}
