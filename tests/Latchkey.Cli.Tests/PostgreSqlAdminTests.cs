using System.Text.Json;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>The admin commands reach PostgreSQL through the same Storage:* configuration as <c>serve</c>.</summary>
public sealed class PostgreSqlAdminTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("latchkey-cli-pg-").FullName;

    private static string Postgres =>
        Environment.GetEnvironmentVariable("LATCHKEY_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("LATCHKEY_TEST_POSTGRES is not set; scripts/test.sh starts PostgreSQL and sets it.");

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task BootstrapThenExportAndAudit_OnPostgreSql_SeeTheSameKey()
    {
        // A schema of its own: secrets that other tests wrote under other master keys would
        // (rightly) make the admin commands refuse this test's fresh key file.
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var env = new Dictionary<string, string>
        {
            ["LATCHKEY_Storage__Provider"] = "PostgreSql",
            ["LATCHKEY_Storage__ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { SearchPath = schema }.ToString(),
        };
        var name = "pg-" + Guid.NewGuid().ToString("N")[..12];
        var bootstrap = await CliRunner.RunAsync(["bootstrap", "--data", _dataDirectory, "--account-name", name, "--password-stdin", "--create-access-key"], "Str0ng!Passw0rd\n", env);
        Assert.True(bootstrap.ExitCode == 0, bootstrap.ToString());
        var created = JsonDocument.Parse(bootstrap.StdOut).RootElement;
        var accountId = created.GetProperty("AccountId").GetString()!;
        var keyId = created.GetProperty("AccessKeyId").GetString()!;
        var secret = created.GetProperty("AccessKeySecret").GetString()!;

        var export = await CliRunner.RunAsync(["export", "--data", _dataDirectory, "--format", "json"], environment: env);
        var audit = await CliRunner.RunAsync(["audit", "list", "--data", _dataDirectory, "--account", accountId], environment: env);
        var sqliteFile = Directory.GetFiles(_dataDirectory, "*.db");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains(keyId, export.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, export.StdOut, StringComparison.Ordinal);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.Contains("CreateAccessKey", audit.StdOut, StringComparison.Ordinal);
        Assert.Empty(sqliteFile);
    }
}
