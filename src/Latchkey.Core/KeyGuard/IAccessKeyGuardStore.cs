using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.KeyGuard;

/// <summary>
/// Network policies, canary flags and leak reports of AccessKeys. Every change that alters how a
/// key verifies appends the key to the change log (IAccessKeyChangeLog) in its own transaction, so
/// every node's key cache drops it within the change-log bound.
/// </summary>
public interface IAccessKeyGuardStore
{
    /// <summary>null when nothing guards the key (the common case).</summary>
    Task<AccessKeyGuard?> FindAccessKeyGuardAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) the key's network policy document; EntityNotExist.User.AccessKey when the key is gone.</summary>
    Task<Result> SetAccessKeyNetworkPolicyAsync(string accessKeyId, string? document, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Marks the key a canary; EntityNotExist.User.AccessKey when the key is gone.</summary>
    Task<Result> MarkAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Records the first signed use of a canary key: true for the one caller (on any node) that
    /// recorded it, false when it was recorded before or the key is no canary.
    /// </summary>
    Task<bool> TripAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the report and applies its action to the key (Inactive, or restricted) in one
    /// transaction; EntityNotExist.User.AccessKey when the key is gone.
    /// </summary>
    Task<Result> RecordLeakReportAsync(LeakReport report, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The account's leak reports, newest first.</summary>
    Task<IReadOnlyList<LeakReport>> ListLeakReportsAsync(string accountId, CancellationToken cancellationToken);
}
