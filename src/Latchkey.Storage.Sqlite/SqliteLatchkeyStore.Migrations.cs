using System.Data.Common;
using static Latchkey.Storage.DbCommands;

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
        await MigrationRunner.ApplyPendingAsync(
            connection,
            transaction,
            MigrationRunner.Embedded(typeof(SqliteLatchkeyStore).Assembly, "Latchkey.Storage.Sqlite.Migrations."),
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """,
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, strftime('%s', 'now'))",
            '$',
            cancellationToken);

        transaction.Commit();
    }
}
