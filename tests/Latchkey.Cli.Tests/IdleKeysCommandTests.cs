using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>
/// <c>latchkey idle-keys</c> on the data store. Its own server and data folder: the calls it makes
/// record last use in the background, which would change what another class's export prints.
/// </summary>
public sealed class IdleKeysCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task IdleKeys_IsADryRun_ThatSaysWhenEachRamUserKeyWouldBeDisabledAndWhy()
    {
        var account = await fixture.NewAccountAsync();
        var user = "idle-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(0, (await CliRunner.RunAsync(["users", "create", user, "--config-dir", account.ConfigDir])).ExitCode);
        var created = await CliRunner.RunAsync(["keys", "create", "--user", user, "--config-dir", account.ConfigDir]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var keyId = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        Assert.Equal(0, (await CliRunner.RunAsync(["call", "SetSecurityPreference", "--product", "ims", "--MaxIdleDaysForAccessKeys", "90", "--config-dir", account.ConfigDir])).ExitCode);

        var due = await CliRunner.RunAsync(["idle-keys", "--data", fixture.DataDirectory, "--account", account.AccountId]);
        var all = await CliRunner.RunAsync(["idle-keys", "--data", fixture.DataDirectory, "--account", account.AccountId, "--all"]);
        var before = await CliRunner.RunAsync(["audit", "list", "--data", fixture.DataDirectory, "--account", account.AccountId, "--max-items", "1000"]);

        Assert.True(due.ExitCode == 0, due.ToString());
        Assert.Equal(0, JsonDocument.Parse(due.StdOut).RootElement.GetProperty("IdleAccessKeys").GetArrayLength());
        var entry = Assert.Single(JsonDocument.Parse(all.StdOut).RootElement.GetProperty("IdleAccessKeys").EnumerateArray());
        Assert.Equal(keyId, entry.GetProperty("AccessKeyId").GetString());
        Assert.Equal(user, entry.GetProperty("UserName").GetString());
        Assert.Equal("None", entry.GetProperty("Action").GetString());
        Assert.Equal(90, entry.GetProperty("MaxIdleDays").GetInt32());
        Assert.Contains("never used", entry.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(account.AccessKeyId, all.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("IdleAccessKey", before.StdOut, StringComparison.Ordinal);
    }
}
