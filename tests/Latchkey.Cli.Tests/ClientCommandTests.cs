using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>The client commands as a user runs them: a real server, the real binary, a temp config folder.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClientCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static Task<CliResult> Run(TestAccount account, params string[] args) =>
        CliRunner.RunAsync([.. args, "--config-dir", account.ConfigDir]);

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StdOut).RootElement;
    }

    [Fact]
    public async Task Configure_WritesOwnerOnlyConfigFile()
    {
        var account = await fixture.NewAccountAsync();

        var file = Path.Combine(account.ConfigDir, "config.json");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(account.ConfigDir));
        Assert.Contains(account.AccessKeyId, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_ConfiguredProfile_ReturnsTheAccount()
    {
        var account = await fixture.NewAccountAsync();

        var identity = Json(await Run(account, "whoami"));

        Assert.Equal(account.AccountId, identity.GetProperty("AccountId").GetString());
        Assert.Equal("Account", identity.GetProperty("IdentityType").GetString());
    }

    [Theory]
    [InlineData("v3", "POST")]
    [InlineData("v3", "GET")]
    [InlineData("v1", "GET")]
    [InlineData("v1", "POST")]
    public async Task Call_EachSignatureAndMethod_IsAccepted(string signature, string method)
    {
        var account = await fixture.NewAccountAsync();
        var user = "u" + signature + method.ToLowerInvariant();

        var created = Json(await Run(account, "call", "CreateUser", "--UserName", user, "--signature", signature, "--method", method));
        var listed = Json(await Run(account, "call", "ListUsers", "--signature", signature, "--method", method));

        Assert.Equal(user, created.GetProperty("User").GetProperty("UserName").GetString());
        Assert.Contains(user, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_OutputTable_PrintsColumns()
    {
        var account = await fixture.NewAccountAsync();
        Json(await Run(account, "users", "create", "tabled"));

        var table = await Run(account, "users", "list", "--output", "table");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("UserName", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("tabled", table.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_WithCsv_WritesTheConsoleCsvOwnerOnly()
    {
        var account = await fixture.NewAccountAsync();
        Json(await Run(account, "users", "create", "alice"));
        var csv = Path.Combine(fixture.Root, Guid.NewGuid().ToString("N") + ".csv");

        var result = await Run(account, "keys", "create", "--user", "alice", "--csv", csv);

        var key = Json(result).GetProperty("AccessKey");
        var id = key.GetProperty("AccessKeyId").GetString();
        var secret = key.GetProperty("AccessKeySecret").GetString();
        Assert.Contains("cannot be shown again", result.StdErr, StringComparison.Ordinal);
        Assert.Equal($"AccessKey ID,AccessKey Secret\n{id},{secret}\n", await File.ReadAllTextAsync(csv));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(csv));
        var listed = await Run(account, "keys", "list", "--user", "alice");
        Assert.Contains(id!, listed.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(secret!, listed.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_DisableEnableDelete_ChangeWhetherTheKeyVerifies()
    {
        var account = await fixture.NewAccountAsync();
        Json(await Run(account, "users", "create", "bob"));
        var key = Json(await Run(account, "keys", "create", "--user", "bob")).GetProperty("AccessKey");
        var env = new Dictionary<string, string>
        {
            ["LATCHKEY_ENDPOINT"] = fixture.Server.Url,
            ["LATCHKEY_ACCESS_KEY_ID"] = key.GetProperty("AccessKeyId").GetString()!,
            ["LATCHKEY_ACCESS_KEY_SECRET"] = key.GetProperty("AccessKeySecret").GetString()!,
        };
        var id = env["LATCHKEY_ACCESS_KEY_ID"];

        var asBob = Json(await CliRunner.RunAsync(["whoami"], environment: env));
        Json(await Run(account, "keys", "disable", id, "--user", "bob"));
        var disabled = await CliRunner.RunAsync(["whoami"], environment: env);
        Json(await Run(account, "keys", "enable", id, "--user", "bob"));
        var enabled = await CliRunner.RunAsync(["whoami"], environment: env);
        Json(await Run(account, "keys", "delete", id, "--user", "bob"));
        var deleted = await CliRunner.RunAsync(["whoami"], environment: env);
        var userDeleted = await Run(account, "users", "delete", "bob");

        Assert.Equal("RAMUser", asBob.GetProperty("IdentityType").GetString());
        Assert.Equal(1, disabled.ExitCode);
        Assert.Contains("InvalidAccessKeyId.Inactive", disabled.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, enabled.ExitCode);
        Assert.Equal(1, deleted.ExitCode);
        Assert.Contains("InvalidAccessKeyId.NotFound", deleted.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, userDeleted.ExitCode);
    }

    [Fact]
    public async Task WrongSecret_ExitsOne_WithSignatureDoesNotMatch()
    {
        var account = await fixture.NewAccountAsync();
        var env = new Dictionary<string, string> { ["LATCHKEY_ACCESS_KEY_SECRET"] = "not-the-secret" };

        // The environment wins over the profile's (correct) secret.
        var result = await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir], environment: env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("SignatureDoesNotMatch", result.StdErr, StringComparison.Ordinal);
        // The message ends with the V3 StringToSign, two lines on the wire: printed on one.
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Profile_Option_PicksTheNamedProfile()
    {
        var account = await fixture.NewAccountAsync();
        var other = await fixture.NewAccountAsync();
        var configure = await CliRunner.RunAsync(["configure", "--config-dir", account.ConfigDir, "--profile", "other", "--endpoint", fixture.Server.Url, "--access-key-id", other.AccessKeyId, "--access-key-secret-stdin"], other.AccessKeySecret);
        Assert.Equal(0, configure.ExitCode);

        var picked = Json(await Run(account, "whoami", "--profile", "other"));
        var missing = await Run(account, "whoami", "--profile", "nope");

        Assert.Equal(other.AccountId, picked.GetProperty("AccountId").GetString());
        Assert.Equal(3, missing.ExitCode);
    }

    [Fact]
    public async Task NoCredentials_ExitsThree()
    {
        var result = await CliRunner.RunAsync(["whoami", "--config-dir", Path.Combine(fixture.Root, "empty-" + Guid.NewGuid().ToString("N"))]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("latchkey configure", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDown_ExitsFour()
    {
        var account = await fixture.NewAccountAsync();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Run(account, "whoami", "--endpoint", $"http://127.0.0.1:{closedPort}");

        Assert.Equal(4, result.ExitCode);
    }

    [Theory]
    [InlineData("call")]
    [InlineData("call", "ListUsers", "--signature", "v9")]
    [InlineData("call", "ListUsers", "stray")]
    [InlineData("keys", "disable")]
    public async Task BadUsage_ExitsTwo(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Help_IsAvailableOnEveryCommand()
    {
        var root = await CliRunner.RunAsync(["--help"]);
        var keys = await CliRunner.RunAsync(["keys", "create", "--help"]);

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("configure", root.StdOut, StringComparison.Ordinal);
        Assert.Contains("--csv", keys.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RamRoleArnProfile_AssumesTheRole_CachesUntilNearExpiry_ThenRefreshes()
    {
        var account = await fixture.NewAccountAsync();
        var trust = $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{account.AccountId}}}:root"]}}]}""";
        Json(await Run(account, "call", "CreateRole", "--RoleName", "cli-reader", "--AssumeRolePolicyDocument", trust));
        Json(await Run(account, "call", "AttachPolicyToRole", "--RoleName", "cli-reader", "--PolicyName", "AliyunRAMReadOnlyAccess", "--PolicyType", "System"));
        var configure = await CliRunner.RunAsync(
            ["configure", "--config-dir", account.ConfigDir, "--profile", "reader", "--endpoint", fixture.Server.Url, "--access-key-id", account.AccessKeyId, "--access-key-secret-stdin",
             "--mode", "RamRoleArn", "--ram-role-arn", $"acs:ram::{account.AccountId}:role/cli-reader", "--role-session-name", "cli", "--duration-seconds", "900"],
            account.AccessKeySecret + "\n");
        Assert.True(configure.ExitCode == 0, configure.ToString());
        var file = Path.Combine(account.ConfigDir, "config.json");

        var first = Json(await Run(account, "whoami", "--profile", "reader"));
        var cachedId = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("profiles").GetProperty("reader").GetProperty("sts").GetProperty("accessKeyId").GetString();
        var listed = await Run(account, "call", "ListUsers", "--profile", "reader");
        var refused = await Run(account, "call", "CreateUser", "--UserName", "nope", "--profile", "reader");
        var again = Json(await Run(account, "whoami", "--profile", "reader"));
        var stillCached = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("profiles").GetProperty("reader").GetProperty("sts").GetProperty("accessKeyId").GetString();

        // Near expiry (inside the 3-minute margin) the next command assumes the role again.
        var text = await File.ReadAllTextAsync(file);
        var expiration = JsonDocument.Parse(text).RootElement.GetProperty("profiles").GetProperty("reader").GetProperty("sts").GetProperty("expiration").GetRawText();
        var soon = JsonSerializer.Serialize(TimeProvider.System.GetUtcNow().AddMinutes(1));
        await File.WriteAllTextAsync(file, text.Replace(expiration, soon, StringComparison.Ordinal));
        Json(await Run(account, "whoami", "--profile", "reader"));
        var refreshedId = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("profiles").GetProperty("reader").GetProperty("sts").GetProperty("accessKeyId").GetString();

        Assert.Equal("AssumedRoleUser", first.GetProperty("IdentityType").GetString());
        Assert.Equal($"acs:ram::{account.AccountId}:assumed-role/cli-reader/cli", first.GetProperty("Arn").GetString());
        Assert.StartsWith("STS.", cachedId, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("NoPermission", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("Arn").GetString(), again.GetProperty("Arn").GetString());
        Assert.Equal(cachedId, stillCached);
        Assert.StartsWith("STS.", refreshedId, StringComparison.Ordinal);
        Assert.NotEqual(cachedId, refreshedId);
        Assert.Equal("Account", Json(await Run(account, "whoami", "--profile", "default")).GetProperty("IdentityType").GetString());
    }
}
