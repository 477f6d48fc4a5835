using System.Data.Common;
using Latchkey.Core.Audit;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>Audit event listing, newest first, once for both databases (each change inserts its own event through the dialect).</summary>
public sealed class SqlAuditStore(IPolicySqlDialect dialect) : IAuditStore
{
    public async Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        if (!Paging.TryStartAuditEvents(marker, maxItems, out var beforeTicks, out var beforeSeq))
        {
            return Errors.Request.InvalidParameter;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT seq, event_id, account_id, time, actor_principal_id, actor_access_key_id, event_name,
                resource_type, resource_name, source_ip, request_id, details
            FROM audit_events
            WHERE (CAST(@a AS text) IS NULL OR account_id = @a) AND (time < @t OR (time = @t AND seq < @seq))
            ORDER BY time DESC, seq DESC
            LIMIT @limit
            """,
            ("@a", accountId),
            ("@t", beforeTicks),
            ("@seq", beforeSeq),
            ("@limit", maxItems + 1L));
        return await Paging.ReadAuditEventsAsync(command, maxItems, cancellationToken);
    }
}
