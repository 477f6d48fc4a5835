using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Latchkey.Storage.Sqlite;

public sealed partial class SqliteLatchkeyStore
{
    /// <summary>
    /// Applies the embedded Migrations/NNNN_name.sql files not yet recorded in schema_migrations,
    /// in order, each with its row, inside one BEGIN IMMEDIATE transaction: a second process
    /// starting at the same time waits for the write lock and then finds them applied.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);

        // WAL is a property of the file; it cannot be switched inside a transaction.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

        using var transaction = BeginWrite(connection);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """,
            cancellationToken);

        var applied = new HashSet<int>();
        using (var command = Command(connection, transaction, "SELECT version FROM schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var (version, name, sql) in EmbeddedMigrations())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ApplyMigrationAsync(connection, transaction, sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, strftime('%s', 'now'))",
                cancellationToken,
                ("$version", version),
                ("$name", name));
        }

        transaction.Commit();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Migration text is an embedded resource of this assembly.")]
    private static async Task ApplyMigrationAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int Version, string Name, string Sql)> EmbeddedMigrations()
    {
        var assembly = typeof(SqliteLatchkeyStore).Assembly;
        const string prefix = "Latchkey.Storage.Sqlite.Migrations.";
        var migrations = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length].TrimStart('_');
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(underscore > 0 ? name[..underscore] : name, NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add((version, name, ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Missing resource {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
