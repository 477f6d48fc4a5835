using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Mfa;
using Latchkey.Core.Secrets;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Secrets;

/// <summary>The key check at start-up, rotation seen by a running ring, retirement, and the legacy-format upgrade.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyCheckTests : IDisposable
{
    private const string Account = "1000000000000001";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "latchkey-keycheck-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static MasterKeyRing RandomRing(int version = 1) =>
        MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [version] = RandomNumberGenerator.GetBytes(32) });

    private static async Task<string> AddKeyAsync(InMemoryLatchkeyStore store, AesGcmSecretProtector protector)
    {
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var key = new AccessKey(id, Account, null, AccessKeyStatus.Active, CoreHarness.Start, CoreHarness.Start, null);
        Assert.True((await store.AddAccessKeyAsync(new StoredAccessKey(key, protector.Protect(SecretOwner.Of(key), AccessKeyIdFormat.NewSecret())), 100, Audit(), CancellationToken.None)).IsSuccess);
        return id;
    }

    private static Audit.AuditEvent Audit() =>
        new(Guid.NewGuid().ToString("N"), Account, CoreHarness.Start, Account, null, "CreateAccessKey", "AccessKey", "x", "127.0.0.1", "r", "");

    [Fact]
    public async Task The_first_node_records_a_check_and_a_node_with_the_same_key_passes()
    {
        var store = new InMemoryLatchkeyStore();
        var key = RandomNumberGenerator.GetBytes(32);
        var ring = MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = key });

        await MasterKeyCheck.VerifyAndRecordAsync(store, ring, new AesGcmSecretProtector(ring), CancellationToken.None);
        var sameKey = MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = (byte[])key.Clone() });
        await MasterKeyCheck.VerifyAndRecordAsync(store, sameKey, new AesGcmSecretProtector(sameKey), CancellationToken.None);

        var check = Assert.Single(await store.ListMasterKeyChecksAsync(CancellationToken.None));
        Assert.Equal(1, check.Key);
        Assert.DoesNotContain(Convert.ToHexString(key), Convert.ToHexString(check.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_with_another_master_key_is_refused_with_a_message_that_says_so()
    {
        var store = new InMemoryLatchkeyStore();
        var ring = RandomRing();
        await MasterKeyCheck.VerifyAndRecordAsync(store, ring, new AesGcmSecretProtector(ring), CancellationToken.None);

        var other = RandomRing();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyCheck.VerifyAndRecordAsync(store, other, new AesGcmSecretProtector(other), CancellationToken.None));

        Assert.Contains("master key cannot decrypt the store", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MasterKey:Key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_written_before_checks_existed_is_checked_against_its_secrets()
    {
        var store = new InMemoryLatchkeyStore();
        var ring = RandomRing();
        await AddKeyAsync(store, new AesGcmSecretProtector(ring));

        var other = RandomRing();
        await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyCheck.VerifyAndRecordAsync(store, other, new AesGcmSecretProtector(other), CancellationToken.None));
        Assert.Empty(await store.ListMasterKeyChecksAsync(CancellationToken.None));

        await MasterKeyCheck.VerifyAndRecordAsync(store, ring, new AesGcmSecretProtector(ring), CancellationToken.None);
        Assert.Single(await store.ListMasterKeyChecksAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_under_a_version_the_ring_lacks_refuse_the_start()
    {
        var store = new InMemoryLatchkeyStore();
        var ring = RandomRing(version: 2);
        await AddKeyAsync(store, new AesGcmSecretProtector(ring));

        var old = RandomRing(version: 1);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyCheck.VerifyAndRecordAsync(store, old, new AesGcmSecretProtector(old), CancellationToken.None));

        Assert.Contains("master key version 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_ring_follows_a_rotation_made_by_another_process_and_retired_versions_go()
    {
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") };
        var server = MasterKeyRing.LoadOrCreate(options);
        var serverProtector = new AesGcmSecretProtector(server);
        var store = new InMemoryLatchkeyStore();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await AddKeyAsync(store, serverProtector));
        }

        // The CLI: its own ring on the same file.
        var cli = MasterKeyRing.LoadOrCreate(options);
        Assert.Equal(5, await MasterKeyRotation.RotateAsync(store, cli, null, CancellationToken.None));

        // The server never restarted: it decrypts rows of version 2 and encrypts new ones under it.
        foreach (var id in ids)
        {
            var row = (await store.FindAccessKeyAsync(id, CancellationToken.None))!;
            Assert.Equal(2, row.Secret.KeyVersion);
            serverProtector.Unprotect(SecretOwner.Of(row.Key), row.Secret);
        }

        Assert.Equal(2, serverProtector.Protect(new SecretOwner("LKnew", Account, null), AccessKeyIdFormat.NewSecret()).KeyVersion);
        await MasterKeyCheck.VerifyAndRecordAsync(store, server, serverProtector, CancellationToken.None);

        // Version 1 encrypts nothing now: it can be retired, and then a ring without it still starts.
        await MasterKeyRotation.RetireAsync(store, cli, 1, CancellationToken.None);
        var restarted = MasterKeyRing.LoadOrCreate(options);
        Assert.Equal([2], restarted.Versions);
        Assert.Equal([2], (await store.ListMasterKeyChecksAsync(CancellationToken.None)).Keys);
        await MasterKeyCheck.VerifyAndRecordAsync(store, restarted, new AesGcmSecretProtector(restarted), CancellationToken.None);
    }

    [Fact]
    public async Task Retiring_a_version_still_in_use_or_the_current_one_is_refused()
    {
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") };
        var ring = MasterKeyRing.LoadOrCreate(options);
        var store = new InMemoryLatchkeyStore();
        await AddKeyAsync(store, new AesGcmSecretProtector(ring));
        ring.AddVersion();

        var inUse = await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyRotation.RetireAsync(store, ring, 1, CancellationToken.None));
        var current = await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyRotation.RetireAsync(store, ring, 2, CancellationToken.None));

        Assert.Contains("master-key rotate", inUse.Message, StringComparison.Ordinal);
        Assert.Contains("current", current.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2], MasterKeyRing.LoadOrCreate(options).Versions);
    }

    [Fact]
    public async Task An_MFA_seed_under_a_version_blocks_its_retirement_until_rotation_reseals_the_seed()
    {
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") };
        var ring = MasterKeyRing.LoadOrCreate(options);
        var store = new InMemoryLatchkeyStore();
        const string serial = "acs:ram::" + Account + ":mfa/phone";
        const string seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var owner = MfaService.SeedOwner(Account, serial);
        var device = new MfaDevice(Account, serial, "phone", new AesGcmSecretProtector(ring).Protect(owner, new AccessKeySecret(seed)), null, null, 0, CoreHarness.Start);
        Assert.True((await store.AddMfaDeviceAsync(device, 10, Audit(), CancellationToken.None)).IsSuccess);

        // No AccessKey uses version 1: only the seed does.
        ring.AddVersion();
        var inUse = await Assert.ThrowsAsync<InvalidOperationException>(() => MasterKeyRotation.RetireAsync(store, ring, 1, CancellationToken.None));
        Assert.Contains("MFA device seed", inUse.Message, StringComparison.Ordinal);

        Assert.Equal(1, await MasterKeyRotation.RotateAsync(store, ring, null, CancellationToken.None));
        await MasterKeyRotation.RetireAsync(store, ring, 1, CancellationToken.None);

        var resealed = (await store.FindMfaDeviceAsync(Account, serial, CancellationToken.None))!.Seed;
        Assert.Equal(ring.CurrentVersion, resealed.KeyVersion);
        var withoutVersion1 = MasterKeyRing.LoadOrCreate(options);
        Assert.DoesNotContain(1, withoutVersion1.Versions);
        Assert.Equal(seed, new AesGcmSecretProtector(withoutVersion1).Unprotect(owner, resealed).Reveal());
    }

    [Fact]
    public async Task Legacy_rows_are_rewritten_bound_to_their_owner()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var ring = MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = key });
        var protector = new AesGcmSecretProtector(ring);
        var store = new InMemoryLatchkeyStore();
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var secret = AccessKeyIdFormat.NewSecret();
        var accessKey = new AccessKey(id, Account, null, AccessKeyStatus.Active, CoreHarness.Start, CoreHarness.Start, null);
        var legacy = new ProtectedSecret(1, AesGcmSecretProtectorTests.SealLegacy(key, id, secret.Reveal()));
        Assert.True((await store.AddAccessKeyAsync(new StoredAccessKey(accessKey, legacy), 100, Audit(), CancellationToken.None)).IsSuccess);

        Assert.Equal(1, await MasterKeyRotation.UpgradeLegacyRowsAsync(store, protector, CancellationToken.None));
        Assert.Equal(0, await MasterKeyRotation.UpgradeLegacyRowsAsync(store, protector, CancellationToken.None));

        var row = (await store.FindAccessKeyAsync(id, CancellationToken.None))!;
        Assert.Equal(ProtectedSecret.OwnerBoundFormat, row.Secret.Format);
        Assert.Equal(secret.Reveal(), protector.Unprotect(SecretOwner.Of(accessKey), row.Secret).Reveal());
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(SecretOwner.Of(accessKey) with { UserId = "200000000000002" }, row.Secret));
    }

    [Fact]
    public async Task The_legacy_upgrade_counts_rows_rewritten_not_rows_read()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var protector = new AesGcmSecretProtector(MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = key }));
        var store = new InMemoryLatchkeyStore();
        var good = new AccessKey(AccessKeyIdFormat.NewAccessKeyId("LK"), Account, null, AccessKeyStatus.Active, CoreHarness.Start, CoreHarness.Start, null);
        var damaged = good with { AccessKeyId = AccessKeyIdFormat.NewAccessKeyId("LK") };
        var secret = AccessKeyIdFormat.NewSecret();
        Assert.True((await store.AddAccessKeyAsync(new StoredAccessKey(good, new ProtectedSecret(1, AesGcmSecretProtectorTests.SealLegacy(key, good.AccessKeyId, secret.Reveal()))), 100, Audit(), CancellationToken.None)).IsSuccess);

        // Sealed for another AccessKeyId: it reads as a legacy row but never decrypts as this one.
        var foreign = AesGcmSecretProtectorTests.SealLegacy(key, good.AccessKeyId, secret.Reveal());
        Assert.True((await store.AddAccessKeyAsync(new StoredAccessKey(damaged, new ProtectedSecret(1, foreign)), 100, Audit(), CancellationToken.None)).IsSuccess);

        Assert.Equal(1, await MasterKeyRotation.UpgradeLegacyRowsAsync(store, protector, CancellationToken.None));
        Assert.Equal(ProtectedSecret.OwnerBoundFormat, (await store.FindAccessKeyAsync(good.AccessKeyId, CancellationToken.None))!.Secret.Format);
        Assert.Equal(ProtectedSecret.LegacyFormat, (await store.FindAccessKeyAsync(damaged.AccessKeyId, CancellationToken.None))!.Secret.Format);

        // The damaged row is read again on every start and still not counted.
        Assert.Equal(0, await MasterKeyRotation.UpgradeLegacyRowsAsync(store, protector, CancellationToken.None));
    }
}
