using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.Sqlite;

/// <summary>AccessKeys: the behaviour is <see cref="SqlAccessKeyStore"/>, shared with the other provider, but for the two reads of the request path.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlAccessKeyStore? _accessKeysStore;

    private SqlAccessKeyStore AccessKeys => _accessKeysStore ??= new SqlAccessKeyStore(Dialect, ChangeLog);

    public Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.AddAccessKeyAsync(key, limit, audit, cancellationToken);

    // Both run on every cache miss and every ListAccessKeys: here, not shared, on a read session
    // whose statements are prepared once (ReadAsync in ReadSessions.cs).
    public Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        ReadAsync(
            (session, ct) => ReadSingleAsync(
                session.Command($"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE access_key_id = $id AND recycle_date IS NULL", ("$id", accessKeyId)),
                Rows.StoredAccessKey,
                ct),
            cancellationToken);

    public async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        await ReadAsync(
            (session, ct) => ReadListAsync(
                session.Command(
                    $"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE account_id = $a AND user_id IS $u AND recycle_date IS NULL ORDER BY create_date, access_key_id",
                    ("$a", accountId),
                    ("$u", userId)),
                static reader => Rows.StoredAccessKey(reader).Key,
                ct),
            cancellationToken);

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
