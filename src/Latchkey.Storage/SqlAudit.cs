using System.Data.Common;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;

namespace Latchkey.Storage;

/// <summary>The audit insert every change makes in its transaction, and what goes with it.</summary>
public static class SqlAudit
{
    /// <summary>
    /// Inserts <paramref name="audit"/>; when it <see cref="AuditEvent.ChangesPermissions"/>, also
    /// appends <c>permissions:&lt;AccountId&gt;</c> to the change log, in the same transaction.
    /// </summary>
    public static async Task InsertAsync(IPolicySqlDialect dialect, DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(audit);
        await dialect.InsertAuditAsync(connection, transaction, audit, cancellationToken);
        if (audit.ChangesPermissions)
        {
            await SqlChangeLogStore.AppendAsync(dialect, connection, transaction, PermissionChanges.Prefix + audit.AccountId, audit.Time, cancellationToken);
        }
    }
}
