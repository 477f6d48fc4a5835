using Latchkey.Core.Audit;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;

namespace Latchkey.Storage.PostgreSql;

/// <summary>Audit event listing: the behaviour is <see cref="SqlAuditStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlAuditStore? _auditStore;

    private SqlAuditStore Audit => _auditStore ??= new SqlAuditStore(Dialect);

    public Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken) =>
        Audit.ListAuditEventsAsync(accountId, marker, maxItems, cancellationToken);
}
