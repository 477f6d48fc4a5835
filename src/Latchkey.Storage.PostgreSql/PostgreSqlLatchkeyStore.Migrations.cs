using System.Data.Common;
using static Latchkey.Storage.DbCommands;

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
        await MigrationRunner.ApplyPendingAsync(
            connection,
            transaction,
            MigrationRunner.Embedded(typeof(PostgreSqlLatchkeyStore).Assembly, "Latchkey.Storage.PostgreSql.Migrations."),
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer NOT NULL PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)",
            '@',
            cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }
}
