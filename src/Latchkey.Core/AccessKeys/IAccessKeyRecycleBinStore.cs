using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The AccessKey recycle bin (IMS 2019-08-15): a deleted key keeps its row, marked recycled, until
/// it is restored, deleted from the bin or purged. A key in the bin is invisible to
/// <see cref="IAccessKeyStore"/>'s find, list, update and limit count, so it never verifies.
/// Every change writes its audit event and a change-log row in one transaction.
/// </summary>
public interface IAccessKeyRecycleBinStore
{
    /// <summary>Moves a live key into the bin; EntityNotExist.User.AccessKey when there is no such live key.</summary>
    Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>A key in the bin (with <see cref="AccessKey.RecycleDate"/> and <see cref="AccessKey.PurgeDate"/>), or null.</summary>
    Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>The keys of one owner in the bin (<paramref name="userId"/> null = the account's own), oldest recycled first.</summary>
    Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken);

    /// <summary>
    /// Brings a key back from the bin with the status it had, unless its owner already holds
    /// <paramref name="limit"/> live keys (LimitExceeded.User.AccessKey); atomic like
    /// <see cref="IAccessKeyStore.AddAccessKeyAsync"/>. EntityNotExist.User.AccessKey when the key is not in the bin.
    /// </summary>
    Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Deletes a key in the bin for good; EntityNotExist.User.AccessKey when the key is not in the bin.</summary>
    Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Keys in the bin whose purge date is at or before <paramref name="now"/>, soonest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
