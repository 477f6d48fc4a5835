namespace Latchkey.Core.Secrets;

/// <summary>Moves every stored secret to a new master key version.</summary>
public static class MasterKeyRotation
{
    /// <summary>
    /// Adds a version to <paramref name="ring"/> (the key file is rewritten first, so a crash
    /// half-way leaves every row decryptable), re-encrypts every row not yet under it, reports the
    /// running count and returns how many rows were re-encrypted. Safe to run again after a crash.
    /// </summary>
    public static async Task<int> RotateAsync(ILatchkeyStore store, MasterKeyRing ring, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ring);
        var version = ring.AddVersion();
        var protector = new AesGcmSecretProtector(ring);

        // Read everything first: writing while a provider's cursor is open is not safe on every database.
        var rows = new List<AccessKeys.StoredAccessKey>();
        await foreach (var row in store.ListAllAccessKeysAsync(ct))
        {
            if (row.Secret.KeyVersion != version)
            {
                rows.Add(row);
            }
        }

        var count = 0;
        foreach (var row in rows)
        {
            var id = row.Key.AccessKeyId;
            var secret = protector.Unprotect(id, row.Secret);
            await store.ReplaceSecretAsync(id, protector.Protect(id, secret), ct);
            count++;
            progress?.Report(count);
        }

        return count;
    }
}
