using Latchkey.Core.Paging;
using Latchkey.Core.Results;

namespace Latchkey.Core.Audit;

/// <summary>Reading audit events; they are written by the store call that makes the change.</summary>
public interface IAuditStore
{
    /// <summary>Newest first; <paramref name="accountId"/> null lists every account (operator use).</summary>
    Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken);
}
