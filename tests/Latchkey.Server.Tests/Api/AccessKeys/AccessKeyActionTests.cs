using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api.AccessKeys;

public sealed class AccessKeyActionTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    private async Task<TestAccount> CreateUserKeyAsync(TestAccount account, string userName)
    {
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName));
        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);
    }

    [Fact]
    public async Task CreateAccessKey_ForUser_ReturnsSecretOnceAndListOmitsIt()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "alice"));

        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess().GetProperty("AccessKey");
        var listAnswer = await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", "alice"));

        Assert.Equal("Active", created.GetProperty("Status").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", created.GetProperty("CreateDate").GetString());
        var secret = created.GetProperty("AccessKeySecret").GetString()!;
        var items = listAnswer.AssertSuccess().GetProperty("AccessKeys").GetProperty("AccessKey");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, items.ValueKind);
        Assert.Equal(created.GetProperty("AccessKeyId").GetString(), items[0].GetProperty("AccessKeyId").GetString());
        Assert.DoesNotContain(secret, listAnswer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAccessKey_ThirdKeyForRamUser_ReturnsLimitExceeded()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "bob"));
        (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "bob"))).AssertSuccess();
        (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "bob"))).AssertSuccess();

        var third = await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "bob"));

        third.AssertError(HttpStatusCode.Conflict, "LimitExceeded.User.AccessKey");
    }

    [Fact]
    public async Task NewKey_VerifiesOnTheVeryNextRequest()
    {
        var account = await factory.CreateAccountAsync();
        var userKey = await CreateUserKeyAsync(account, "carol");

        var identity = (await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();

        Assert.Equal("RAMUser", identity.GetProperty("IdentityType").GetString());
        Assert.Equal($"acs:ram::{account.AccountId}:user/carol", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task InactiveKey_FailsOnTheVeryNextRequest_AndWorksAgainWhenActive()
    {
        var account = await factory.CreateAccountAsync();
        var userKey = await CreateUserKeyAsync(account, "dave");
        (await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();

        (await _api.CallAsync(account, "UpdateAccessKey", ApiClient.Ram, ("UserName", "dave"), ("UserAccessKeyId", userKey.AccessKeyId), ("Status", "Inactive"))).AssertSuccess();
        var inactive = await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts);
        (await _api.CallAsync(account, "UpdateAccessKey", ApiClient.Ram, ("UserName", "dave"), ("UserAccessKeyId", userKey.AccessKeyId), ("Status", "Active"))).AssertSuccess();
        var active = await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts);

        inactive.AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        active.AssertSuccess();
    }

    [Fact]
    public async Task DeletedKey_FailsOnTheVeryNextRequest()
    {
        var account = await factory.CreateAccountAsync();
        var userKey = await CreateUserKeyAsync(account, "erin");
        (await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();

        (await _api.CallAsync(account, "DeleteAccessKey", ApiClient.Ram, ("UserName", "erin"), ("UserAccessKeyId", userKey.AccessKeyId))).AssertSuccess();
        var deleted = await _api.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts);

        deleted.AssertError(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound");
    }

    [Fact]
    public async Task UpdateAccessKey_BadStatus_ReturnsInvalidStatus()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "UpdateAccessKey", ApiClient.Ram, ("UserAccessKeyId", account.AccessKeyId), ("Status", "Paused"));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.Status");
    }

    [Fact]
    public async Task DeleteAccessKey_OfAnotherAccount_ReturnsUserKeyNotFound()
    {
        var mine = await factory.CreateAccountAsync();
        var theirs = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(mine, "DeleteAccessKey", ApiClient.Ram, ("UserAccessKeyId", theirs.AccessKeyId));

        answer.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User.AccessKey");
        (await _api.CallAsync(theirs, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserName_CreatesAccountKey()
    {
        var account = await factory.CreateAccountAsync();

        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ram)).AssertSuccess().GetProperty("AccessKey");
        var second = new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);

        Assert.Equal("Account", (await _api.CallAsync(second, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess().GetProperty("IdentityType").GetString());
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_ReturnsObject()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "GetAccessKeyLastUsed", ApiClient.Ram, ("UserAccessKeyId", account.AccessKeyId));

        Assert.Equal(System.Text.Json.JsonValueKind.Object, answer.AssertSuccess().GetProperty("AccessKeyLastUsed").ValueKind);
    }

    [Fact]
    public async Task ImsAccessKeys_ByUserPrincipalName_CreateListUpdateDelete()
    {
        var account = await factory.CreateAccountAsync();
        await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "frank"));
        var upn = $"frank@{account.AccountId}.onaliyun.com";

        var created = (await _api.CallAsync(account, "CreateAccessKey", ApiClient.Ims, ("UserPrincipalName", upn))).AssertSuccess().GetProperty("AccessKey");
        var id = created.GetProperty("AccessKeyId").GetString()!;
        var listed = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ims, ("UserPrincipalName", upn))).AssertSuccess();
        var updated = await _api.CallAsync(account, "UpdateAccessKey", ApiClient.Ims, ("UserPrincipalName", upn), ("UserAccessKeyId", id), ("Status", "Inactive"));
        var lastUsed = await _api.CallAsync(account, "GetAccessKeyLastUsed", ApiClient.Ims, ("UserPrincipalName", upn), ("UserAccessKeyId", id));
        var user = (await _api.CallAsync(account, "GetUser", ApiClient.Ims, ("UserAccessKeyId", id))).AssertSuccess();
        var deleted = await _api.CallAsync(account, "DeleteAccessKey", ApiClient.Ims, ("UserPrincipalName", upn), ("UserAccessKeyId", id));

        Assert.Equal(id, listed.GetProperty("AccessKeys").GetProperty("AccessKey")[0].GetProperty("AccessKeyId").GetString());
        Assert.True(listed.GetProperty("AccessKeys").GetProperty("AccessKey")[0].TryGetProperty("UpdateDate", out _));
        updated.AssertSuccess();
        lastUsed.AssertSuccess();
        Assert.Equal(upn, user.GetProperty("User").GetProperty("UserPrincipalName").GetString());
        deleted.AssertSuccess();
    }

    [Fact]
    public async Task ImsGetUser_WithTwoSelectors_ReturnsInvalidParameter()
    {
        var account = await factory.CreateAccountAsync();

        var answer = await _api.CallAsync(account, "GetUser", ApiClient.Ims, ("UserId", "1"), ("UserAccessKeyId", account.AccessKeyId));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Fact]
    public async Task ImsCreateAccessKey_PrincipalOfAnotherAccount_ReturnsUserNotFound()
    {
        var mine = await factory.CreateAccountAsync();
        var theirs = await factory.CreateAccountAsync();
        await _api.CallAsync(theirs, "CreateUser", ApiClient.Ram, ("UserName", "gina"));

        var answer = await _api.CallAsync(mine, "CreateAccessKey", ApiClient.Ims, ("UserPrincipalName", $"gina@{theirs.AccountId}.onaliyun.com"));

        answer.AssertError(HttpStatusCode.NotFound, "EntityNotExist.User");
    }
}
