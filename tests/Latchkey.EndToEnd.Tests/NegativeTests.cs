using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>What the official SDKs report for refused calls: the code and the HTTP status.</summary>
[Collection(SharedServer.Name)]
public sealed class NegativeTests(LatchkeyServer server)
{
    [Theory]
    [InlineData("ram", "v3")]
    [InlineData("ram", "v2")]
    public async Task RefusedCalls_ReportCodeAndStatus(string product, string mode)
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        var wrongSecret = sdk.Add(product, mode, account.AccessKeyId, "WrongSecretWrongSecretWrongSe1", "ListUsers");
        var unknownKey = sdk.Add(product, mode, "LTAI5tNoSuchKeyAnywhere1", account.AccessKeySecret, "ListUsers");
        sdk.Add(product, mode, account, "CreateUser", ("UserName", "tom"));
        sdk.Add(product, mode, account, "CreateAccessKey", ("UserName", "tom"));
        sdk.Add(product, mode, account, "CreateAccessKey", ("UserName", "tom"));
        var thirdKey = sdk.Add(product, mode, account, "CreateAccessKey", ("UserName", "tom"));
        var deleteWithKeys = sdk.Add(product, mode, account, "DeleteUser", ("UserName", "tom"));
        var missingUser = sdk.Add(product, mode, account, "GetUser", ("UserName", "nobody"));

        sdk.Add(product, mode, account, "CreateUser", ("UserName", "plain"));
        var plainKey = sdk.Add(product, mode, account, "CreateAccessKey", ("UserName", "plain"));
        var plainId = SdkRunner.Ref(plainKey, "AccessKey.AccessKeyId");
        var plainSecret = SdkRunner.Ref(plainKey, "AccessKey.AccessKeySecret");
        var plainList = sdk.Add(product, mode, plainId, plainSecret, "ListUsers");
        var plainCreate = sdk.Add(product, mode, plainId, plainSecret, "CreateUser", ("UserName", "sneaky"));
        var plainIdentity = sdk.Add("sts", mode, plainId, plainSecret, "GetCallerIdentity");

        sdk.Add(product, mode, account, "CreateUser", ("UserName", "reader"));
        sdk.Add(product, mode, account, "AttachPolicyToUser", ("UserName", "reader"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"));
        var readerKey = sdk.Add(product, mode, account, "CreateAccessKey", ("UserName", "reader"));
        var readerId = SdkRunner.Ref(readerKey, "AccessKey.AccessKeyId");
        var readerSecret = SdkRunner.Ref(readerKey, "AccessKey.AccessKeySecret");
        var readerList = sdk.Add(product, mode, readerId, readerSecret, "ListUsers");
        var readerKeys = sdk.Add(product, mode, readerId, readerSecret, "ListAccessKeys", ("UserName", "tom"));
        var readerCreate = sdk.Add(product, mode, readerId, readerSecret, "CreateUser", ("UserName", "sneaky"));
        var readerDelete = sdk.Add(product, mode, readerId, readerSecret, "DeleteUser", ("UserName", "tom"));

        var outcomes = await sdk.RunAsync();

        AssertError(outcomes[wrongSecret], "SignatureDoesNotMatch", 400);
        AssertError(outcomes[unknownKey], "InvalidAccessKeyId.NotFound", 404);
        AssertError(outcomes[thirdKey], "LimitExceeded.User.AccessKey", 409);
        AssertError(outcomes[deleteWithKeys], "DeleteConflict.User.AccessKey", 409);
        AssertError(outcomes[missingUser], "EntityNotExist.User", 404);
        AssertError(outcomes[plainList], "NoPermission", 403);
        AssertError(outcomes[plainCreate], "NoPermission", 403);
        Assert.True(outcomes[plainIdentity].Ok, outcomes[plainIdentity].ToString());
        Assert.True(outcomes[readerList].Ok, outcomes[readerList].ToString());
        Assert.True(outcomes[readerKeys].Ok, outcomes[readerKeys].ToString());
        AssertError(outcomes[readerCreate], "NoPermission", 403);
        AssertError(outcomes[readerDelete], "NoPermission", 403);
    }

    [Fact]
    public async Task PopCore_WrongSecretAndUnknownKey_ReportCodes()
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        var wrong = sdk.Add("pop", "GET", account.AccessKeyId, "WrongSecretWrongSecretWrongSe1", "ListUsers");
        var unknown = sdk.Add("pop", "POST", "LTAI5tNoSuchKeyAnywhere1", account.AccessKeySecret, "ListUsers");

        var outcomes = await sdk.RunAsync();

        AssertError(outcomes[wrong], "SignatureDoesNotMatch", 400);
        AssertError(outcomes[unknown], "InvalidAccessKeyId.NotFound", 404);
    }

    private static void AssertError(SdkOutcome outcome, string code, int status)
    {
        Assert.False(outcome.Ok, outcome.ToString());
        Assert.Equal(code, outcome.Code);
        Assert.Equal(status, outcome.StatusCode);
    }
}
