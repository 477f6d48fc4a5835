using System.Data.Common;
using Latchkey.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Latchkey.Storage.Sqlite;

/// <summary>What the shared <c>Sql*Store</c> classes need from SQLite: BEGIN IMMEDIATE serialises every writer, so no lock clauses.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private PolicyDialect? _dialect;

    protected override IPolicySqlDialect Dialect => _dialect ??= new PolicyDialect(this);

    private sealed class PolicyDialect(SqliteLatchkeyStore store) : IPolicySqlDialect
    {
        public string ForUpdate => "";

        public string ForNoKeyUpdate => "";

        public string? LockAccountsTable => null;

        public string? LockChangeLog => null;

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await store.OpenAsync(cancellationToken);

        public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(BeginWrite((SqliteConnection)connection));

        public bool IsUniqueViolation(DbException exception) =>
            exception is SqliteException { SqliteExtendedErrorCode: UniqueViolation or PrimaryKeyViolation };

        // SQLite names the index in its message ("UNIQUE constraint failed: index 'ram_users_name_uq'").
        public bool IsUniqueViolation(DbException exception, string index) =>
            exception is SqliteException e && SqliteLatchkeyStore.IsUniqueViolation(e, index);

        // ... and a primary key by its column ("UNIQUE constraint failed: ram_users.user_id").
        public bool IsPrimaryKeyViolation(DbException exception, string table, string column) =>
            exception is SqliteException e && SqliteLatchkeyStore.IsUniqueViolation(e, $"{table}.{column}");

        public bool IsForeignKeyViolation(DbException exception) =>
            exception is SqliteException { SqliteExtendedErrorCode: ForeignKeyViolation };

        // One command per SQL text, prepared on its first run and run again per row: the fastest
        // way to send many small statements to an in-process database.
        public async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken)
        {
            DbCommand? command = null;
            try
            {
                foreach (var (sql, values) in statements)
                {
                    if (command is null || !ReferenceEquals(command.CommandText, sql))
                    {
                        if (command is not null)
                        {
                            await command.DisposeAsync();
                        }

                        command = DbCommands.Command(connection, transaction, sql);
                        for (var i = 0; i < values.Length; i++)
                        {
                            var parameter = command.CreateParameter();
                            parameter.ParameterName = "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                            command.Parameters.Add(parameter);
                        }
                    }

                    for (var i = 0; i < values.Length; i++)
                    {
                        command.Parameters[i].Value = values[i] ?? DBNull.Value;
                    }

                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            finally
            {
                if (command is not null)
                {
                    await command.DisposeAsync();
                }
            }
        }

        public Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken) =>
            SqlAudit.InsertEventAsync(connection, transaction, audit, cancellationToken);
    }
}
