using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Storage.PostgreSql;

/// <summary>AccessKeys: the behaviour is <see cref="SqlAccessKeyStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlAccessKeyStore? _accessKeysStore;

    private SqlAccessKeyStore AccessKeys => _accessKeysStore ??= new SqlAccessKeyStore(Dialect, ChangeLog);

    public Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.AddAccessKeyAsync(key, limit, audit, cancellationToken);

    public Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        AccessKeys.FindAccessKeyAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        AccessKeys.ListAccessKeysAsync(accountId, userId, cancellationToken);

    public Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.UpdateAccessKeyStatusAsync(accessKeyId, status, updateDate, audit, cancellationToken);

    public Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.DeleteAccessKeyAsync(accessKeyId, audit, cancellationToken);

    public Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken) =>
        AccessKeys.RecordLastUseAsync(uses, cancellationToken);

    public IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync(CancellationToken cancellationToken) =>
        AccessKeys.ListAllAccessKeysAsync(cancellationToken);

    public IAsyncEnumerable<string> ListAllAccessKeyIdsAsync(CancellationToken cancellationToken) =>
        AccessKeys.ListAllAccessKeyIdsAsync(cancellationToken);

    public Task ReplaceSecretAsync(string accessKeyId, ProtectedSecret secret, CancellationToken cancellationToken) =>
        AccessKeys.ReplaceSecretAsync(accessKeyId, secret, cancellationToken);
}
