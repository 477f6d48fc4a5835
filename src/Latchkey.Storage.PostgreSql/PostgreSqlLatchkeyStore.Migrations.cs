using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Latchkey.Storage.PostgreSql;

public sealed partial class PostgreSqlLatchkeyStore
{
    /// <summary>The pg_advisory_xact_lock key that serialises migrations across nodes ("latchkey" as ASCII).</summary>
    private const long MigrationLockKey = 0x6C617463686B6579;

    /// <summary>
    /// Applies the embedded Migrations/NNNN_name.sql files not yet recorded in schema_migrations,
    /// in order, in one transaction that first takes pg_advisory_xact_lock: nodes starting
    /// together queue on the lock, and each finds the work of the one before it done.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("@key", MigrationLockKey));
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer NOT NULL PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            cancellationToken);

        var applied = new HashSet<int>();
        await using (var command = Command(connection, transaction, "SELECT version FROM schema_migrations"))
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
                "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)",
                cancellationToken,
                ("@version", version),
                ("@name", name));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Migration text is an embedded resource of this assembly.")]
    private static async Task ApplyMigrationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int Version, string Name, string Sql)> EmbeddedMigrations()
    {
        var assembly = typeof(PostgreSqlLatchkeyStore).Assembly;
        const string prefix = "Latchkey.Storage.PostgreSql.Migrations.";
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
