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
}
