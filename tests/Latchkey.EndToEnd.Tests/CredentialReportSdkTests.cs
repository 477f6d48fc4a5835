using System.Text;
using Latchkey.EndToEnd.Tests.Infrastructure;

namespace Latchkey.EndToEnd.Tests;

/// <summary>IMS GenerateCredentialReport / GetCredentialReport through the official SDK, the Base64 content parsed as CSV.</summary>
[Collection(SharedServer.Name)]
public sealed class CredentialReportSdkTests(LatchkeyServer server)
{
    private static List<Dictionary<string, string>> ParseCsv(string base64)
    {
        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            Assert.Equal(header.Length, cells.Length);
            return header.Zip(cells).ToDictionary(p => p.First, p => p.Second);
        })];
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task TheReport_IsGenerated_ThenReadPageByPage_AsCsvWithOneRowPerIdentity(string mode)
    {
        var account = await server.CreateAccountAsync();
        var sdk = new SdkRunner(server);
        var before = sdk.Add("ims", mode, account, "GetCredentialReport");
        sdk.Add("ram", mode, account, "CreateUser", ("UserName", "ann"));
        sdk.Add("ram", mode, account, "CreateLoginProfile", ("UserName", "ann"), ("Password", "Ann#Passw0rd12"));
        sdk.Add("ram", mode, account, "CreateUser", ("UserName", "ben"));
        var benKey = sdk.Add("ram", mode, account, "CreateAccessKey", ("UserName", "ben"));
        sdk.Add("ram", mode, account, "UpdateAccessKey", ("UserName", "ben"), ("UserAccessKeyId", SdkRunner.Ref(benKey, "AccessKey.AccessKeyId")), ("Status", "Inactive"));
        var generated = sdk.Add("ims", mode, account, "GenerateCredentialReport");
        var whole = sdk.Add("ims", mode, account, "GetCredentialReport");
        var first = sdk.Add("ims", mode, account, "GetCredentialReport", ("MaxItems", "2"));
        var second = sdk.Add("ims", mode, account, "GetCredentialReport", ("MaxItems", "2"), ("NextToken", SdkRunner.Ref(first, "NextToken")));
        var badSize = sdk.Add("ims", mode, account, "GetCredentialReport", ("MaxItems", "0"));

        var outcomes = await sdk.RunAsync();

        Assert.Equal("EntityNotExist.CredentialReport", outcomes[before].Code);
        Assert.Equal(404, outcomes[before].StatusCode);
        Assert.Equal("COMPLETED", outcomes[generated].Body.GetProperty("State").GetString());
        var body = outcomes[whole].Body;
        Assert.Equal("false", body.GetProperty("IsTruncated").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", body.GetProperty("GeneratedTime").GetString());
        var rows = ParseCsv(body.GetProperty("Content").GetString()!);
        Assert.Equal(["<root>", $"ann@{account.AccountId}.onaliyun.com", $"ben@{account.AccountId}.onaliyun.com"], rows.Select(r => r["user"]));
        Assert.Equal("TRUE", rows[0]["access_key_1_exist"]);
        Assert.Equal("TRUE", rows[0]["access_key_1_active"]);
        Assert.Equal("TRUE", rows[1]["password_exist"]);
        Assert.Equal("FALSE", rows[1]["access_key_1_exist"]);
        Assert.Equal("FALSE", rows[2]["password_exist"]);
        Assert.Equal("TRUE", rows[2]["access_key_1_exist"]);
        Assert.Equal("FALSE", rows[2]["access_key_1_active"]);
        Assert.Equal("-", rows[2]["access_key_1_last_used"]);
        Assert.DoesNotContain(account.AccessKeySecret, Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("Content").GetString()!)), StringComparison.Ordinal);
        Assert.Equal("true", outcomes[first].Body.GetProperty("IsTruncated").GetString());
        Assert.Equal(2, ParseCsv(outcomes[first].Body.GetProperty("Content").GetString()!).Count);
        Assert.Equal("false", outcomes[second].Body.GetProperty("IsTruncated").GetString());
        Assert.Equal([$"ben@{account.AccountId}.onaliyun.com"], ParseCsv(outcomes[second].Body.GetProperty("Content").GetString()!).Select(r => r["user"]));
        Assert.Equal("InvalidParameter", outcomes[badSize].Code);
    }
}
