using System.Text.Json;

namespace Latchkey.Cli.Tests.Infrastructure;

/// <summary>One server per test class on a fresh data folder; every test bootstraps its own account.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("latchkey-cli-tests-").FullName;

    public RunningServer Server { get; private set; } = null!;

    public string DataDirectory => Path.Combine(_root, "data");

    public string Root => _root;

    public async Task InitializeAsync() => Server = await RunningServer.StartAsync(DataDirectory);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown stays in the temp folder; nothing depends on it.
        }
    }

    /// <summary><c>latchkey bootstrap --create-access-key</c>, then <c>latchkey configure</c> into a new config folder.</summary>
    public async Task<TestAccount> NewAccountAsync(string? endpoint = null)
    {
        var name = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--data", DataDirectory, "--account-name", name, "--password-stdin", "--create-access-key"], "Str0ng!Passw0rd\n");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        using var json = JsonDocument.Parse(bootstrap.StdOut);
        var id = json.RootElement.GetProperty("AccessKeyId").GetString()!;
        var secret = json.RootElement.GetProperty("AccessKeySecret").GetString()!;
        var configDir = Path.Combine(_root, "config-" + Guid.NewGuid().ToString("N")[..8]);
        var configure = await CliRunner.RunAsync(["configure", "--config-dir", configDir, "--endpoint", endpoint ?? Server.Url, "--access-key-id", id, "--access-key-secret-stdin"], secret + "\n");
        Assert.True(configure.ExitCode == 0, configure.ToString());
        return new TestAccount(json.RootElement.GetProperty("AccountId").GetString()!, id, secret, configDir);
    }
}
