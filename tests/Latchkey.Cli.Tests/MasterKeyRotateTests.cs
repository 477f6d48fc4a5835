using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary><c>latchkey master-key rotate</c> re-encrypts every secret; keys still verify after a restart.</summary>
public sealed class MasterKeyRotateTests
{
    [Fact]
    public async Task Rotate_ThenRestart_KeysStillVerify()
    {
        var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        try
        {
            var account = await fixture.NewAccountAsync();
            var keyFile = Path.Combine(fixture.DataDirectory, "master.key");
            var before = await File.ReadAllTextAsync(keyFile);
            await fixture.Server.DisposeAsync();

            var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--data", fixture.DataDirectory, "--yes"]);

            Assert.True(rotate.ExitCode == 0, rotate.ToString());
            Assert.True(JsonDocument.Parse(rotate.StdOut).RootElement.GetProperty("ReEncrypted").GetInt32() >= 1);
            Assert.Contains("rotated", rotate.StdErr, StringComparison.Ordinal);
            Assert.NotEqual(before, await File.ReadAllTextAsync(keyFile));
            await using var restarted = await RunningServer.StartAsync(fixture.DataDirectory);
            var whoami = await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir, "--endpoint", restarted.Url]);
            Assert.True(whoami.ExitCode == 0, whoami.ToString());
            Assert.Contains(account.AccountId, whoami.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(fixture.Root, recursive: true);
        }
    }

    [Fact]
    public async Task Rotate_ThenRetireTheOldVersion_LeavesOneKeyInTheFile_AndTheCurrentCannotBeRetired()
    {
        var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        try
        {
            var account = await fixture.NewAccountAsync();
            await fixture.Server.DisposeAsync();

            var tooEarly = await CliRunner.RunAsync(["master-key", "retire", "--key-version", "1", "--data", fixture.DataDirectory, "--yes"]);
            var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--data", fixture.DataDirectory, "--yes"]);
            var retire = await CliRunner.RunAsync(["master-key", "retire", "--key-version", "1", "--data", fixture.DataDirectory, "--yes"]);
            var current = await CliRunner.RunAsync(["master-key", "retire", "--key-version", "2", "--data", fixture.DataDirectory, "--yes"]);

            Assert.Equal(5, tooEarly.ExitCode);
            Assert.Contains("current", tooEarly.StdErr, StringComparison.Ordinal);
            Assert.True(rotate.ExitCode == 0, rotate.ToString());
            Assert.True(retire.ExitCode == 0, retire.ToString());
            Assert.Equal(5, current.ExitCode);
            Assert.Contains("current", current.StdErr, StringComparison.Ordinal);
            var lines = (await File.ReadAllLinesAsync(Path.Combine(fixture.DataDirectory, "master.key"))).Where(line => line.Length > 0).ToList();
            Assert.Single(lines);
            Assert.Contains("\"version\":2", lines[0], StringComparison.Ordinal);
            await using var restarted = await RunningServer.StartAsync(fixture.DataDirectory);
            var whoami = await CliRunner.RunAsync(["whoami", "--config-dir", account.ConfigDir, "--endpoint", restarted.Url]);
            Assert.True(whoami.ExitCode == 0, whoami.ToString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(fixture.Root, recursive: true);
        }
    }

    [Fact]
    public async Task AdminCommands_WithAMasterKeyThatDoesNotFitTheStore_RefuseAndSaySo()
    {
        var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        try
        {
            await fixture.NewAccountAsync();
            await fixture.Server.DisposeAsync();
            var keyFile = Path.Combine(fixture.DataDirectory, "master.key");
            var original = await File.ReadAllTextAsync(keyFile);
            File.Delete(keyFile);
            Core.Secrets.MasterKeyRing.LoadOrCreate(new Core.MasterKeyOptions { DataDirectory = fixture.DataDirectory });

            var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--data", fixture.DataDirectory, "--yes"]);
            var bootstrap = await CliRunner.RunAsync(["bootstrap", "--data", fixture.DataDirectory, "--account-name", "wrong-key", "--password-stdin", "--create-access-key"], "Str0ng!Passw0rd\n");

            Assert.Equal(5, rotate.ExitCode);
            Assert.Contains("master key cannot decrypt the store", rotate.StdErr, StringComparison.Ordinal);
            Assert.NotEqual(0, bootstrap.ExitCode);
            Assert.Contains("master key cannot decrypt the store", bootstrap.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("AccessKeySecret", bootstrap.StdOut, StringComparison.Ordinal);
            Assert.NotEqual(original, await File.ReadAllTextAsync(keyFile));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(fixture.Root, recursive: true);
        }
    }
}
