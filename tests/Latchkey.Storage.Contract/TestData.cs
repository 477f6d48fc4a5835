using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;

namespace Latchkey.Storage.Contract;

/// <summary>Domain values for the contract tests; secrets are encrypted with real AES-256-GCM.</summary>
public static class TestData
{
    /// <summary>A time with sub-millisecond ticks, to prove exact round trips.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);

    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static Account Account(string? alias = null, string? name = null) =>
        new(NewId("1"), name ?? NewId("acct-"), alias, null, false, T0, T0);

    public static RamUser User(string accountId, string? name = null, DateTimeOffset? created = null) =>
        new(NewId("2"), accountId, name ?? NewId("user-"), "Display", "Comment", "u@example.com", "86-13800000000", created ?? T0, created ?? T0, null);

    public static AuditEvent Audit(string accountId, string eventName, string resourceName, DateTimeOffset? time = null) =>
        new(NewId("ev-"), accountId, time ?? T0, accountId, null, eventName, "Test", resourceName, "127.0.0.1", NewId("req-"), "test");

    public static StoredAccessKey Key(string accountId, string? userId, string secret, DateTimeOffset? created = null)
    {
        var id = NewId("LTAI");
        var key = new AccessKey(id, accountId, userId, AccessKeyStatus.Active, created ?? T0, created ?? T0, null);
        return new StoredAccessKey(key, Protect(id, secret, 1));
    }

    /// <summary>AES-256-GCM with the AccessKeyId as associated data: nonce | ciphertext | tag.</summary>
    public static ProtectedSecret Protect(string accessKeyId, string secret, int keyVersion)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + plaintext.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(MasterKey, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), Encoding.UTF8.GetBytes(accessKeyId));
        return new ProtectedSecret(keyVersion, output);
    }

    public static string Unprotect(string accessKeyId, ProtectedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var data = secret.Ciphertext;
        var plaintext = new byte[data.Length - 28];
        using var aes = new AesGcm(MasterKey, 16);
        aes.Decrypt(data.AsSpan(0, 12), data.AsSpan(12, plaintext.Length), data.AsSpan(12 + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(accessKeyId));
        return Encoding.UTF8.GetString(plaintext);
    }
}
