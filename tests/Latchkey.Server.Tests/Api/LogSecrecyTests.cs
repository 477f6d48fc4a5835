using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Api;

public sealed class LogSecrecyTests
{
    [Fact]
    public async Task Logs_NeverContainSecretsSignaturesOrPasswords()
    {
        using var factory = new LatchkeyFactory();
        var api = new ApiClient(factory.CreateClient());
        var account = await factory.CreateAccountAsync();
        await api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "leak"));
        var created = (await api.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "leak"))).AssertSuccess().GetProperty("AccessKey");
        var userSecret = created.GetProperty("AccessKeySecret").GetString()!;
        await api.CallAsync(account, "CreateLoginProfile", ApiClient.Ram, ("UserName", "leak"), ("Password", "Sup3r!SecretPw"));
        var signed = ApiClient.SignV1(account, "GetCallerIdentity", ApiClient.Sts);
        await api.SendAsync(signed);
        await api.SendAsync(signed);
        var forged = ApiClient.SignV1(account, "GetCallerIdentity", ApiClient.Sts, secret: "ForgedSecretForgedSecretForged");
        await api.SendAsync(forged);
        await api.SendAsync(ApiClient.SignV3(account, "GetCallerIdentity", ApiClient.Sts));
        var signature = Uri.UnescapeDataString(signed.PathAndQuery[(signed.PathAndQuery.IndexOf("Signature=", StringComparison.Ordinal) + 10)..]);

        var logs = string.Join('\n', factory.LogLines);

        Assert.NotEmpty(factory.LogLines);
        Assert.Contains(account.AccessKeyId, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(account.AccessKeySecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(userSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r!SecretPw", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ForgedSecret", logs, StringComparison.Ordinal);
    }
}
