using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Core.Secrets;

/// <summary>
/// Makes sure a node's master key ring fits the store before it serves: a node whose key cannot
/// decrypt the store refuses to start with a message that says so, instead of answering every
/// signed call with a 500. The store holds, per master key version, a key-check value: a fixed
/// text sealed with AES-GCM under that version (it reveals nothing about the key).
/// </summary>
public static class MasterKeyCheck
{
    private static readonly byte[] CheckText = Encoding.UTF8.GetBytes("latchkey master key check");

    public static byte[] Create(MasterKeyRing ring, int keyVersion)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return AesGcmSecretProtector.Seal(ring.GetKey(keyVersion), CheckText, AssociatedData(keyVersion));
    }

    public static bool Matches(MasterKeyRing ring, int keyVersion, byte[] check)
    {
        ArgumentNullException.ThrowIfNull(ring);
        try
        {
            return AesGcmSecretProtector.Open(ring.GetKey(keyVersion), check, AssociatedData(keyVersion)).AsSpan().SequenceEqual(CheckText);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming the problem when a version of the
    /// ring fails its stored check, when stored secrets use a version the ring lacks, or (for a
    /// store written before checks existed) when a stored secret does not decrypt; then records
    /// the checks of the ring's versions that have none.
    /// </summary>
    public static async Task VerifyAndRecordAsync(ILatchkeyStore store, MasterKeyRing ring, ISecretProtector protector, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(protector);
        var checks = await store.ListMasterKeyChecksAsync(ct);
        var problems = new List<string>();
        foreach (var (version, check) in checks.OrderBy(pair => pair.Key))
        {
            if (ring.HasVersion(version) && !Matches(ring, version, check))
            {
                problems.Add($"master key version {version} of this node is not the version {version} this store was encrypted with (its key check does not decrypt)");
            }
        }

        foreach (var (version, count) in (await store.CountAccessKeysByKeyVersionAsync(ct)).OrderBy(pair => pair.Key))
        {
            if (!ring.HasVersion(version))
            {
                problems.Add($"{count} stored AccessKey secret(s) are encrypted under master key version {version}, which this node's key ring does not hold");
            }
            else if (!checks.ContainsKey(version) && await store.FindAccessKeyByKeyVersionAsync(version, ct) is { } sample)
            {
                try
                {
                    protector.Unprotect(SecretOwner.Of(sample.Key), sample.Secret);
                }
                catch (CryptographicException)
                {
                    problems.Add($"master key version {version} of this node does not decrypt the stored AccessKey secrets");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "This node's master key cannot decrypt the store: " + string.Join("; ", problems)
                + ". Every node on one database must use the same master key: MasterKey:Key (LATCHKEY_MasterKey__Key) or the same key file (MasterKey:KeyFile, default <data folder>/master.key).");
        }

        var missing = ring.Versions.Where(version => !checks.ContainsKey(version)).ToList();
        foreach (var version in missing)
        {
            await store.AddMasterKeyCheckAsync(version, Create(ring, version), ct);
        }

        if (missing.Count > 0)
        {
            // Another node may have recorded its own check first: run once more against what won.
            var recorded = await store.ListMasterKeyChecksAsync(ct);
            var lost = missing.Where(version => !Matches(ring, version, recorded[version])).ToList();
            if (lost.Count > 0)
            {
                throw new InvalidOperationException(
                    $"This node's master key cannot decrypt the store: another node recorded a different master key version {string.Join(", ", lost)} at the same moment. "
                    + "Every node on one database must use the same master key: MasterKey:Key (LATCHKEY_MasterKey__Key) or the same key file (MasterKey:KeyFile).");
            }
        }
    }

    private static byte[] AssociatedData(int keyVersion) =>
        Encoding.UTF8.GetBytes($"latchkey-master-key-check\0{keyVersion}");
}
