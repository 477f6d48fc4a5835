using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Secrets;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Secrets;

// Owner-only file modes are a Unix guarantee; Latchkey's servers and CI run on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyRingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "latchkey-core-tests-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_FirstStart_CreatesOwnerOnlyKeyFileAndFolder()
    {
        var dataDirectory = Path.Combine(_root, "data");

        var ring = MasterKeyRing.LoadOrCreate(new MasterKeyOptions { DataDirectory = dataDirectory });

        var file = Path.Combine(dataDirectory, "master.key");
        Assert.True(File.Exists(file));
        Assert.Equal(1, ring.CurrentVersion);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
    }

    [Fact]
    public void LoadOrCreate_SecondStart_ReadsTheSameKey()
    {
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") };
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var secret = AccessKeyIdFormat.NewSecret();
        var protectedSecret = new AesGcmSecretProtector(MasterKeyRing.LoadOrCreate(options)).Protect(Owner(id), secret);

        var reloaded = new AesGcmSecretProtector(MasterKeyRing.LoadOrCreate(options));

        Assert.Equal(secret.Reveal(), reloaded.Unprotect(Owner(id), protectedSecret).Reveal());
    }

    [Fact]
    public void LoadOrCreate_ConfiguredKey_UsesItAndWritesNoFile()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data"), Key = Convert.ToBase64String(key) };

        var ring = MasterKeyRing.LoadOrCreate(options);

        Assert.Equal(key, ring.GetKey(1));
        Assert.False(Directory.Exists(options.DataDirectory));
    }

    [Fact]
    public void LoadOrCreate_ConfiguredVersionedKeys_CurrentIsHighest()
    {
        var options = new MasterKeyOptions
        {
            Key = $"1:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))};3:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        };

        Assert.Equal(3, MasterKeyRing.LoadOrCreate(options).CurrentVersion);
    }

    [Fact]
    public void LoadOrCreate_ConfiguredKeyOfWrongSize_Throws()
    {
        var options = new MasterKeyOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) };

        Assert.Throws<InvalidOperationException>(() => MasterKeyRing.LoadOrCreate(options));
    }

    [Fact]
    public async Task RotateAsync_ReEncryptsEveryRow_AndOldSecretsStillVerify()
    {
        var options = new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") };
        var ring = MasterKeyRing.LoadOrCreate(options);
        var protector = new AesGcmSecretProtector(ring);
        var store = new InMemoryLatchkeyStore();
        var secrets = new Dictionary<string, string>();
        for (var i = 0; i < 25; i++)
        {
            var id = AccessKeyIdFormat.NewAccessKeyId("LK");
            var secret = AccessKeyIdFormat.NewSecret();
            secrets[id] = secret.Reveal();
            var key = new AccessKey(id, "1000000000000001", null, AccessKeyStatus.Active, CoreHarness.Start, CoreHarness.Start, null);
            Assert.True((await store.AddAccessKeyAsync(new StoredAccessKey(key, protector.Protect(Owner(id), secret)), 100, NewAudit(), CancellationToken.None)).IsSuccess);
        }

        var reported = new List<int>();
        var count = await MasterKeyRotation.RotateAsync(store, ring, new SynchronousProgress(reported), CancellationToken.None);

        Assert.Equal(25, count);
        Assert.Equal(Enumerable.Range(1, 25), reported);
        Assert.Equal(2, ring.CurrentVersion);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "data", "master.key")));
        Assert.Empty(Directory.GetFiles(options.DataDirectory, "*.tmp"));

        // A fresh process reading the rewritten file decrypts every re-encrypted row.
        var restarted = new AesGcmSecretProtector(MasterKeyRing.LoadOrCreate(options));
        await foreach (var row in store.ListAllAccessKeysAsync(CancellationToken.None))
        {
            Assert.Equal(2, row.Secret.KeyVersion);
            Assert.Equal(secrets[row.Key.AccessKeyId], restarted.Unprotect(SecretOwner.Of(row.Key), row.Secret).Reveal());
        }
    }

    [Fact]
    public async Task RotateAsync_SecretsProtectedBeforeRotation_StillDecrypt()
    {
        var ring = MasterKeyRing.LoadOrCreate(new MasterKeyOptions { DataDirectory = Path.Combine(_root, "data") });
        var protector = new AesGcmSecretProtector(ring);
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var secret = AccessKeyIdFormat.NewSecret();
        var before = protector.Protect(Owner(id), secret);

        await MasterKeyRotation.RotateAsync(new InMemoryLatchkeyStore(), ring, null, CancellationToken.None);

        Assert.Equal(1, before.KeyVersion);
        Assert.Equal(secret.Reveal(), protector.Unprotect(Owner(id), before).Reveal());
        Assert.Equal(2, protector.Protect(Owner(id), secret).KeyVersion);
    }

    private static Audit.AuditEvent NewAudit() =>
        new(Guid.NewGuid().ToString("N"), "1000000000000001", CoreHarness.Start, "1000000000000001", null, "CreateAccessKey", "AccessKey", "x", "127.0.0.1", "r", "");

    private sealed class SynchronousProgress(List<int> reported) : IProgress<int>
    {
        public void Report(int value) => reported.Add(value);
    }

    private static SecretOwner Owner(string accessKeyId) => new(accessKeyId, "1000000000000001", null);
}
