using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Sqlite;

/// <summary>The AccessKey recycle bin: the behaviour is <see cref="SqlRecycleBinStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlRecycleBinStore? _recycleBinStore;

    private SqlRecycleBinStore RecycleBin => _recycleBinStore ??= new SqlRecycleBinStore(Dialect, ChangeLog);

    public Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.RecycleAccessKeyAsync(accessKeyId, recycleDate, purgeDate, audit, cancellationToken);

    public Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        RecycleBin.FindRecycledAccessKeyAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        RecycleBin.ListRecycledAccessKeysAsync(accountId, userId, cancellationToken);

    public Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.RestoreAccessKeyAsync(accessKeyId, limit, updateDate, audit, cancellationToken);

    public Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.DeleteRecycledAccessKeyAsync(accessKeyId, audit, cancellationToken);

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        RecycleBin.ListRecycledAccessKeysDueAsync(now, limit, cancellationToken);
}
