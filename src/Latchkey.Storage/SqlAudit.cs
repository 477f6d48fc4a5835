using System.Data.Common;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;

namespace Latchkey.Storage;

/// <summary>The audit insert every change makes in its transaction, and what goes with it.</summary>
public static class SqlAudit
{
    /// <summary>The audit_events row alone, in portable SQL: what each dialect's <see cref="IPolicySqlDialect.InsertAuditAsync"/> runs.</summary>
    public static Task<int> InsertEventAsync(DbConnection connection, DbTransaction transaction, AuditEvent audit, CancellationToken cancellationToken) =>
        DbCommands.ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO audit_events (event_id, account_id, time, actor_principal_id, actor_access_key_id,
                event_name, resource_type, resource_name, source_ip, request_id, details)
            VALUES (@event_id, @account_id, @time, @actor, CAST(@actor_key AS text), @name, @type, @resource, @ip, @request, @details)
            """,
            cancellationToken,
            StoreParameters.AuditEvent('@', audit));

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
