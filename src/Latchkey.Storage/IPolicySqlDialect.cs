using System.Data.Common;
using Latchkey.Core.Audit;

namespace Latchkey.Storage;

/// <summary>
/// What the stores written once for both databases (<see cref="SqlPolicyStore"/>,
/// <see cref="SqlRoleStore"/>, <see cref="SqlLogonSecurityStore"/>) need from a provider: connections, a write transaction
/// (SQLite: BEGIN IMMEDIATE, which serialises writers; PostgreSQL: READ COMMITTED plus row
/// locks), the row-lock clause, and the audit insert. The SQL of the policy store is written once
/// in portable SQL with <c>@</c> parameters, which both providers accept.
/// </summary>
public interface IPolicySqlDialect
{
    /// <summary>" FOR UPDATE" where the database has row locks; empty where the transaction already serialises writers.</summary>
    string ForUpdate { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> is the database refusing a duplicate key.</summary>
    bool IsUniqueViolation(DbException exception);

    Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken);
}
