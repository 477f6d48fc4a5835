using System.Data.Common;
using System.Globalization;
using Latchkey.Core.Audit;
using Npgsql;

namespace Latchkey.Storage.PostgreSql;

/// <summary>What the shared <c>Sql*Store</c> classes need from PostgreSQL: READ COMMITTED transactions plus row, table and advisory locks where an invariant needs them.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    /// <summary>The pg_advisory_xact_lock key that orders appends to access_key_changes ("lkchange" as ASCII).</summary>
    private const long ChangeLogLockKey = 0x6C6B6368616E6765;

    private PolicyDialect? _dialect;

    protected override IPolicySqlDialect Dialect => _dialect ??= new PolicyDialect(this);

    private sealed class PolicyDialect(PostgreSqlLatchkeyStore store) : IPolicySqlDialect
    {
        public string ForUpdate => " FOR UPDATE";

        public string ForNoKeyUpdate => " FOR NO KEY UPDATE";

        // The first account of a fresh install: EXCLUSIVE mode lets readers on but queues every other
        // writer of accounts, so two nodes cannot both see an empty table and both insert.
        public string? LockAccountsTable => "LOCK TABLE accounts IN EXCLUSIVE MODE";

        public string? LockChangeLog { get; } = string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({ChangeLogLockKey})");

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await store.OpenAsync(cancellationToken);

        public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(cancellationToken);

        public bool IsUniqueViolation(DbException exception) =>
            exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

        public bool IsUniqueViolation(DbException exception, string index) =>
            exception is PostgresException e && PostgreSqlLatchkeyStore.IsUniqueViolation(e, index);

        public bool IsPrimaryKeyViolation(DbException exception, string table, string column) =>
            exception is PostgresException e && PostgreSqlLatchkeyStore.IsUniqueViolation(e, table + "_pkey");

        public bool IsForeignKeyViolation(DbException exception) =>
            exception is PostgresException e && PostgreSqlLatchkeyStore.IsForeignKeyViolation(e);

        // One round trip for the whole batch, statements in their order (callers sort by key, so two
        // nodes flushing overlapping batches lock rows in the same order and never deadlock).
        public async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken)
        {
            if (statements.Count == 0)
            {
                return;
            }

            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            foreach (var (sql, values) in statements)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var value in values)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        public Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken) =>
            SqlAudit.InsertEventAsync(connection, transaction, audit, cancellationToken);
    }
}
