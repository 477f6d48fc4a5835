using System.Data.Common;
using Latchkey.Core.Audit;

namespace Latchkey.Storage;

/// <summary>
/// What the stores written once for both databases (the <c>Sql*Store</c> classes of this project)
/// need from a provider: connections, a write transaction (SQLite: BEGIN IMMEDIATE, which
/// serialises writers; PostgreSQL: READ COMMITTED plus row locks), the lock clauses and
/// statements, the reading of its errors, batches and the audit insert. The shared SQL is portable
/// SQL with <c>@</c> parameters, which both providers accept; where SQLite's write lock already
/// serialises, the lock members are empty.
/// </summary>
public interface IPolicySqlDialect
{
    /// <summary>" FOR UPDATE" where the database has row locks; empty where the transaction already serialises writers.</summary>
    string ForUpdate { get; }

    /// <summary>" FOR NO KEY UPDATE" (locks the row but leaves other inserts' foreign-key checks free), or empty like <see cref="ForUpdate"/>.</summary>
    string ForNoKeyUpdate { get; }

    /// <summary>A statement that makes the transaction the only writer of accounts until it ends; null where every write transaction already is.</summary>
    string? LockAccountsTable { get; }

    /// <summary>
    /// A statement, held to commit, that orders appends to access_key_changes so sequences are
    /// handed out in commit order; null where writers are serialised already.
    /// </summary>
    string? LockChangeLog { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> is the database refusing a duplicate key.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>True when <paramref name="exception"/> is the unique index <paramref name="index"/> (same name on both databases) refusing a duplicate.</summary>
    bool IsUniqueViolation(DbException exception, string index);

    /// <summary>True when <paramref name="exception"/> is the primary key of <paramref name="table"/> (on <paramref name="column"/>) refusing a duplicate.</summary>
    bool IsPrimaryKeyViolation(DbException exception, string table, string column);

    /// <summary>True when <paramref name="exception"/> is a foreign key refusing a row whose parent is gone.</summary>
    bool IsForeignKeyViolation(DbException exception);

    /// <summary>
    /// Runs <paramref name="statements"/> (SQL with parameters <c>$1</c>, <c>$2</c>, … in the order
    /// of its values) in <paramref name="transaction"/>, in their order: SQLite prepares each SQL
    /// text once and runs it per row, PostgreSQL sends them all in one batch (one round trip).
    /// </summary>
    Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken);

    Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken);
}
