using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Persistence of AccessKeys. A key row and its encrypted secret are one row, written in one
/// statement: neither can exist without the other. Every change carries its audit event.
/// </summary>
public interface IAccessKeyStore
{
    /// <summary>
    /// Adds the key unless its owner (the account when UserId is null, else the RAM user) already
    /// holds <paramref name="limit"/> keys, Active and Inactive both counting
    /// (LimitExceeded.User.AccessKey); EntityNotExist.User when the owning user is gone. Atomic
    /// under any number of concurrent adds on any number of store instances sharing the database
    /// (a conditional insert or a row lock, never read-then-write).
    /// </summary>
    Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken);

    Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>The keys of one owner (<paramref name="userId"/> null = the account's own), oldest first.</summary>
    Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.User.AccessKey when the key is gone.</summary>
    Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.User.AccessKey when the key is gone.</summary>
    Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Writes a batch of last-use records; a record older than the stored one is ignored.</summary>
    Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken);

    /// <summary>Every key of every account, in AccessKeyId order, for master-key rotation and reports.</summary>
    IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every AccessKeyId of every account and nothing else (no secret, no row), in no particular
    /// order: the known-id filter loads these at start, a million in seconds. The default reads
    /// them through <see cref="ListAllAccessKeysAsync"/>; the SQL stores read the id column alone.
    /// </summary>
    async IAsyncEnumerable<string> ListAllAccessKeyIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in ListAllAccessKeysAsync(cancellationToken))
        {
            yield return stored.Key.AccessKeyId;
        }
    }

    /// <summary>Re-encryption under a new master key version; only the secret columns change.</summary>
    Task ReplaceSecretAsync(string accessKeyId, ProtectedSecret secret, CancellationToken cancellationToken);
}
