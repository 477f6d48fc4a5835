using Latchkey.Core.AccessKeys;

namespace Latchkey.Storage.Sqlite;

/// <summary>Master key checks and the secrets' key versions: the behaviour is <see cref="SqlMasterKeyStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlMasterKeyStore? _masterKeyStore;

    private SqlMasterKeyStore MasterKeys => _masterKeyStore ??= new SqlMasterKeyStore(Dialect, SqlColumns.AccessKey);

    public Task<IReadOnlyDictionary<int, byte[]>> ListMasterKeyChecksAsync(CancellationToken cancellationToken) =>
        MasterKeys.ListMasterKeyChecksAsync(cancellationToken);

    public Task AddMasterKeyCheckAsync(int keyVersion, byte[] check, CancellationToken cancellationToken) =>
        MasterKeys.AddMasterKeyCheckAsync(keyVersion, check, cancellationToken);

    public Task RemoveMasterKeyCheckAsync(int keyVersion, CancellationToken cancellationToken) =>
        MasterKeys.RemoveMasterKeyCheckAsync(keyVersion, cancellationToken);

    public Task<IReadOnlyDictionary<int, long>> CountAccessKeysByKeyVersionAsync(CancellationToken cancellationToken) =>
        MasterKeys.CountAccessKeysByKeyVersionAsync(cancellationToken);

    public Task<StoredAccessKey?> FindAccessKeyByKeyVersionAsync(int keyVersion, CancellationToken cancellationToken) =>
        MasterKeys.FindAccessKeyByKeyVersionAsync(keyVersion, cancellationToken);

    public IAsyncEnumerable<StoredAccessKey> ListAccessKeysBySecretFormatAsync(int format, CancellationToken cancellationToken) =>
        MasterKeys.ListAccessKeysBySecretFormatAsync(format, cancellationToken);
}
