using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.AccessKeys;

public sealed class RecycleBinActionTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<(TestAccount Key, string UserId)> CreateUserWithKeyAsync(TestAccount account, string userName)
    {
        var userId = (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("User").GetProperty("UserId").GetString()!;
        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return (new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!), userId);
    }

    [Fact]
    public async Task DeleteAccessKey_ThenDeleteUser_Succeeds_AsTerraformForceDestroyDoesIt()
    {
        var account = await factory.CreateAccountAsync();
        var (key, _) = await CreateUserWithKeyAsync(account, "tf-user");

        (await _api.CallAsync(account, "DeleteAccessKey", ApiClient.Ram, ("UserName", "tf-user"), ("UserAccessKeyId", key.AccessKeyId))).AssertSuccess();
        var deleteUser = await _api.CallAsync(account, "DeleteUser", ApiClient.Ram, ("UserName", "tf-user"));
        var info = await _api.CallAsync(account, "GetAccessKeyInfoInRecycleBin", ApiClient.Ims, ("UserAccessKeyId", key.AccessKeyId));

        deleteUser.AssertSuccess();
        info.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.AccessKey");
    }

    [Fact]
    public async Task AUserAllowedToManageItsOwnKeys_ListsAndRestoresItsOwnBin_ButNotAnotherUsers()
    {
        var account = await factory.CreateAccountAsync();
        (await _api.CallAsync(account, "SetSecurityPreference", ApiClient.Ram, ("AllowUserToManageAccessKeys", "true"))).AssertSuccess();
        var (alice, _) = await CreateUserWithKeyAsync(account, "alice");
        var (bob, bobId) = await CreateUserWithKeyAsync(account, "bob");
        var spare = (await _api.CallAsync(alice, "CreateAccessKey", ApiClient.Ims)).AssertSuccess().GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        (await _api.CallAsync(alice, "DeleteAccessKey", ApiClient.Ims, ("UserAccessKeyId", spare))).AssertSuccess();
        (await _api.CallAsync(account, "DeleteAccessKey", ApiClient.Ram, ("UserName", "bob"), ("UserAccessKeyId", bob.AccessKeyId))).AssertSuccess();

        var own = await _api.CallAsync(alice, "ListAccessKeysInRecycleBin", ApiClient.Ims);
        var others = await _api.CallAsync(alice, "ListAccessKeysInRecycleBin", ApiClient.Ims, ("UserId", bobId));
        var restoreOthers = await _api.CallAsync(alice, "RestoreAccessKeyFromRecycleBin", ApiClient.Ims, ("UserAccessKeyId", bob.AccessKeyId), ("UserId", bobId));
        var restoreOthersUnnamed = await _api.CallAsync(alice, "RestoreAccessKeyFromRecycleBin", ApiClient.Ims, ("UserAccessKeyId", bob.AccessKeyId));
        var restoreOwn = await _api.CallAsync(alice, "RestoreAccessKeyFromRecycleBin", ApiClient.Ims, ("UserAccessKeyId", spare));

        Assert.Equal(spare, Assert.Single(own.AssertSuccess().GetProperty("AccessKeys").GetProperty("AccessKey").EnumerateArray()).GetProperty("AccessKeyId").GetString());
        others.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        restoreOthers.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        restoreOthersUnnamed.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.AccessKey");
        restoreOwn.AssertSuccess();
        Assert.Equal(2, (await _api.CallAsync(alice, "ListAccessKeys", ApiClient.Ims)).AssertSuccess().GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        (await _api.CallAsync(bob, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound");
    }

    [Fact]
    public async Task RecycleBinActions_NameAMissingKeyOrUser_WithAlibabasCodes()
    {
        var account = await factory.CreateAccountAsync();

        var missingParameter = await _api.CallAsync(account, "GetAccessKeyInfoInRecycleBin", ApiClient.Ims);
        var unknownUser = await _api.CallAsync(account, "ListAccessKeysInRecycleBin", ApiClient.Ims, ("UserId", "209999999999999999"));
        var liveKey = await _api.CallAsync(account, "GetAccessKeyInfoInRecycleBin", ApiClient.Ims, ("UserAccessKeyId", account.AccessKeyId));
        var ownBin = await _api.CallAsync(account, "ListAccessKeysInRecycleBin", ApiClient.Ims);

        missingParameter.AssertError(HttpStatusCode.BadRequest, "MissingUserAccessKeyId");
        unknownUser.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User");
        liveKey.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.AccessKey");
        Assert.Equal(0, ownBin.AssertSuccess().GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }
}
