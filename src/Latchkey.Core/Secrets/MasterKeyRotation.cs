using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Mfa;

namespace Latchkey.Core.Secrets;

/// <summary>Moves stored secrets to a new master key version, retires old versions, and rewrites legacy rows.</summary>
public static class MasterKeyRotation
{
    private const int MaxPasses = 5;

    /// <summary>
    /// Adds a version to <paramref name="ring"/> (the key file is rewritten first, so a crash
    /// half-way leaves every row decryptable), records its key check, re-encrypts every row not
    /// yet under it (AccessKey secrets and MFA seeds), reports the running count and returns how many rows were re-encrypted. Safe
    /// to run again after a crash. Servers reading the same key file pick the new version up
    /// without a restart; rows a server created under the old version while this ran are caught
    /// by a further pass. A ring from configuration (MasterKey:Key) cannot grow here: its newest
    /// configured version is the target, so operators add <c>N:base64</c> to every node first.
    /// </summary>
    public static async Task<int> RotateAsync(ILatchkeyStore store, MasterKeyRing ring, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ring);
        var version = ring.IsConfigured ? ring.CurrentVersion : ring.AddVersion();
        await store.AddMasterKeyCheckAsync(version, MasterKeyCheck.Create(ring, version), ct);
        var protector = new AesGcmSecretProtector(ring);
        var count = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            // Read everything first: writing while a provider's cursor is open is not safe on every database.
            var rows = new List<StoredAccessKey>();
            await foreach (var row in store.ListAllAccessKeysAsync(ct))
            {
                if (row.Secret.KeyVersion != version || row.Secret.Format != ProtectedSecret.OwnerBoundFormat)
                {
                    rows.Add(row);
                }
            }

            var devices = (await store.ListAllMfaDevicesAsync(ct)).Where(d => d.Seed.KeyVersion != version).ToList();
            if (rows.Count == 0 && devices.Count == 0)
            {
                break;
            }

            foreach (var device in devices)
            {
                var owner = MfaService.SeedOwner(device.AccountId, device.SerialNumber);
                await store.ReplaceMfaSeedAsync(device.AccountId, device.SerialNumber, protector.Protect(owner, protector.Unprotect(owner, device.Seed)), ct);
                count++;
                progress?.Report(count);
            }

            foreach (var row in rows)
            {
                var owner = SecretOwner.Of(row.Key);
                await store.ReplaceSecretAsync(row.Key.AccessKeyId, protector.Protect(owner, protector.Unprotect(owner, row.Secret)), ct);
                count++;
                progress?.Report(count);
            }
        }

        return count;
    }

    /// <summary>
    /// Removes <paramref name="version"/> from the key file and its check from the store. Refused
    /// (InvalidOperationException, with what to do) while any stored secret still uses it, and for
    /// the current version.
    /// </summary>
    public static async Task RetireAsync(ILatchkeyStore store, MasterKeyRing ring, int version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ring);
        ring.RefreshIfChanged();
        if (version == ring.CurrentVersion)
        {
            throw new InvalidOperationException($"Master key version {version} is the current one; rotate to a new version before retiring it.");
        }

        if ((await store.CountAccessKeysByKeyVersionAsync(ct)).TryGetValue(version, out var inUse) && inUse > 0)
        {
            throw new InvalidOperationException($"{inUse} stored AccessKey secret(s) still use master key version {version}; run 'latchkey master-key rotate' first.");
        }

        var seeds = (await store.ListAllMfaDevicesAsync(ct)).Count(d => d.Seed.KeyVersion == version);
        if (seeds > 0)
        {
            throw new InvalidOperationException($"{seeds} MFA device seed(s) still use master key version {version}; run 'latchkey master-key rotate' first.");
        }

        ring.RetireVersion(version);
        await store.RemoveMasterKeyCheckAsync(version, ct);
    }

    /// <summary>
    /// Rewrites every secret stored in <see cref="ProtectedSecret.LegacyFormat"/> (associated data:
    /// the AccessKeyId alone) so that it is bound to its owner too; returns how many rows were
    /// rewritten (a row that does not decrypt is left as it is and not counted). Run at start-up
    /// by every node; two nodes doing it at once write equivalent rows.
    /// </summary>
    public static async Task<int> UpgradeLegacyRowsAsync(ILatchkeyStore store, ISecretProtector protector, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        var rows = new List<StoredAccessKey>();
        await foreach (var row in store.ListAccessKeysBySecretFormatAsync(ProtectedSecret.LegacyFormat, ct))
        {
            rows.Add(row);
        }

        var rewritten = 0;
        foreach (var row in rows)
        {
            var owner = SecretOwner.Of(row.Key);
            AccessKeySecret secret;
            try
            {
                secret = protector.Unprotect(owner, row.Secret);
            }
            catch (CryptographicException)
            {
                // Another node rewrote it since it was read, or the row is damaged: leave it as it is.
                continue;
            }

            await store.ReplaceSecretAsync(row.Key.AccessKeyId, protector.Protect(owner, secret), ct);
            rewritten++;
        }

        return rewritten;
    }
}
