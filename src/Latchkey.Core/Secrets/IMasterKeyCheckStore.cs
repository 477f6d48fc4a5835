using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>
/// What the store keeps for checking master keys: one key-check value per master key version
/// (a known text sealed under that version, never the key), and the questions start-up,
/// rotation and retirement ask about the stored secrets.
/// </summary>
public interface IMasterKeyCheckStore
{
    Task<IReadOnlyDictionary<int, byte[]>> ListMasterKeyChecksAsync(CancellationToken cancellationToken);

    /// <summary>Records the check of <paramref name="keyVersion"/> unless one is recorded already (the first writer wins).</summary>
    Task AddMasterKeyCheckAsync(int keyVersion, byte[] check, CancellationToken cancellationToken);

    Task RemoveMasterKeyCheckAsync(int keyVersion, CancellationToken cancellationToken);

    /// <summary>How many stored secrets each master key version encrypts.</summary>
    Task<IReadOnlyDictionary<int, long>> CountAccessKeysByKeyVersionAsync(CancellationToken cancellationToken);

    /// <summary>One stored key encrypted under <paramref name="keyVersion"/>, or null.</summary>
    Task<StoredAccessKey?> FindAccessKeyByKeyVersionAsync(int keyVersion, CancellationToken cancellationToken);

    /// <summary>Every key whose secret is stored in <paramref name="format"/>, in AccessKeyId order.</summary>
    IAsyncEnumerable<StoredAccessKey> ListAccessKeysBySecretFormatAsync(int format, CancellationToken cancellationToken);
}
