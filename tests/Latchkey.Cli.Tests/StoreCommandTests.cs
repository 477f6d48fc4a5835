using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;
using Npgsql;

namespace Latchkey.Cli.Tests;

/// <summary>
/// One --data rule for every store command; only serve and bootstrap create a store; destructive
/// commands ask first.
/// </summary>
public sealed class StoreCommandTests
{
    /// <summary>Every command that reads or changes a store but may not create one.</summary>
    public static TheoryData<string[]> EveryNonCreatingStoreCommand() => new()
    {
        { ["audit", "list"] },
        { ["export"] },
        { ["export", "--format", "json"] },
        { ["master-key", "rotate", "--yes"] },
    };

    [Theory]
    [MemberData(nameof(EveryNonCreatingStoreCommand))]
    public async Task MissingStore_DefaultFolder_ExitsFive_NamingIt_AndCreatesNothing(string[] command)
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync(command, workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains(Path.Combine(folder.Path, "latchkey-data"), result.StdErr, StringComparison.Ordinal);
        Assert.Empty(result.StdOut);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [MemberData(nameof(EveryNonCreatingStoreCommand))]
    public async Task MissingStore_DataOption_ExitsFive_NamingIt(string[] command)
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "typo-data");

        var result = await CliRunner.RunAsync([.. command, "--data", data], workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains(data, result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [MemberData(nameof(EveryNonCreatingStoreCommand))]
    public async Task MissingStore_EmptyFolder_ExitsFive_NamingTheDatabase(string[] command)
    {
        using var folder = new TempFolder();
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;

        var result = await CliRunner.RunAsync([.. command, "--data", data]);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains($"no Latchkey store in {data} (no latchkey.db)", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(data));
    }

    [Theory]
    [MemberData(nameof(EveryNonCreatingStoreCommand))]
    public async Task MissingStore_EnvironmentDataDirectory_ExitsFive_NamingIt(string[] command)
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "from-env");

        var result = await CliRunner.RunAsync(command, environment: new Dictionary<string, string> { ["LATCHKEY_Storage__DataDirectory"] = data }, workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains(data, result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryNonCreatingStoreCommand))]
    public async Task MissingStore_EmptyPostgreSqlDatabase_ExitsFive_NamingIt(string[] command)
    {
        var server = Environment.GetEnvironmentVariable("LATCHKEY_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("LATCHKEY_TEST_POSTGRES is not set; scripts/test.sh starts PostgreSQL and sets it.");
        var database = "lk_empty_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            var env = new Dictionary<string, string> { ["LATCHKEY_Storage__Provider"] = "PostgreSql", ["LATCHKEY_Storage__ConnectionString"] = connection };

            var result = await CliRunner.RunAsync(command, environment: env);

            Assert.True(result.ExitCode == 5, result.ToString());
            Assert.Contains($"database '{database}'", result.StdErr, StringComparison.Ordinal);
            Assert.Equal(0L, await CountTablesAsync(connection));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Bootstrap_WithoutData_CreatesTheDefaultFolder_ThatTheOthersThenRead()
    {
        using var folder = new TempFolder();

        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--account-name", "acme", "--password-stdin", "--create-access-key"], "S3cure!console-pw\n", workingDirectory: folder.Path);
        var export = await CliRunner.RunAsync(["export"], workingDirectory: folder.Path);
        var audit = await CliRunner.RunAsync(["audit", "list"], workingDirectory: folder.Path);
        var byToken = await CliRunner.RunAsync(["export", $"--Storage:DataDirectory={Path.Combine(folder.Path, "latchkey-data")}"]);

        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        Assert.True(File.Exists(Path.Combine(folder.Path, "latchkey-data", "latchkey.db")));
        var keyId = JsonDocument.Parse(bootstrap.StdOut).RootElement.GetProperty("AccessKeyId").GetString()!;
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains(keyId, export.StdOut, StringComparison.Ordinal);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.True(byToken.ExitCode == 0, byToken.ToString());
        Assert.Contains(keyId, byToken.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n\n")]
    [InlineData("\n")]
    [InlineData("")]
    public async Task MasterKeyRotate_NotConfirmed_SaysWhatItWouldChange_AndChangesNothing(string answer)
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--data", data, "--account-name", "acme", "--password-stdin", "--create-access-key"], "S3cure!console-pw\n");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        var keyFile = Path.Combine(data, "master.key");
        var before = await File.ReadAllTextAsync(keyFile);

        var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--data", data], answer);

        Assert.True(rotate.ExitCode == 6, rotate.ToString());
        Assert.Contains(keyFile, rotate.StdErr, StringComparison.Ordinal);
        Assert.Contains("re-encrypt the 1 AccessKey secret(s)", rotate.StdErr, StringComparison.Ordinal);
        Assert.Contains("Continue? [y/N]", rotate.StdErr, StringComparison.Ordinal);
        Assert.Empty(rotate.StdOut);
        Assert.Equal(before, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task MasterKeyRotate_ConfirmedWithY_Rotates()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--data", data, "--account-name", "acme", "--password-stdin", "--create-access-key"], "S3cure!console-pw\n");
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        var before = await File.ReadAllTextAsync(Path.Combine(data, "master.key"));

        var rotate = await CliRunner.RunAsync(["master-key", "rotate", "--data", data], "y\n");

        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Equal("{\"ReEncrypted\":1,\"KeyVersion\":2}\n", rotate.StdOut);
        Assert.NotEqual(before, await File.ReadAllTextAsync(Path.Combine(data, "master.key")));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
