using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Sts;

/// <summary>
/// Seals and opens SecurityTokens (docs/roles-and-sts.md): <c>CAIS</c> + base64url of
/// format byte 1 | master key version (4, big-endian) | nonce (12) | AES-256-GCM tag (16) | ciphertext,
/// under a key derived (HKDF-SHA256) from that master key version, the header as associated data.
/// So a token is self-contained: any node holding the master key ring verifies it without a store
/// read, nobody can forge or alter one, and rotating the master key rotates the sealing key (old
/// tokens open while their version stays in the ring). The temporary secret is never in the token:
/// it is HMAC-SHA256(derived secret key, AccessKeyId), so it is bound to the id.
/// </summary>
public sealed class SessionTokenSealer(MasterKeyRing ring)
{
    public const string Prefix = "CAIS";
    public const string AccessKeyIdPrefix = "STS.";

    private const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4 + 12;
    private const int TagSize = 16;
    private const int RandomIdLength = 28;
    private const int SecretLength = 30;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly ConcurrentDictionary<(int Version, string Purpose), byte[]> _keys = new();

    /// <summary>A new temporary AccessKeyId: <c>STS.</c> and 28 random base62 characters.</summary>
    public static string NewAccessKeyId() => AccessKeyIdPrefix + RandomNumberGenerator.GetString(Base62, RandomIdLength);

    public static bool IsSessionAccessKeyId(string? accessKeyId) =>
        accessKeyId is not null && accessKeyId.StartsWith(AccessKeyIdPrefix, StringComparison.Ordinal);

    /// <summary>The current master key version, the one new tokens are sealed under.</summary>
    public int CurrentVersion => ring.CurrentVersion;

    public string Seal(SessionClaims claims, int version)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var plain = Serialize(claims);
        var bytes = new byte[HeaderSize + TagSize + plain.Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1, 4), version);
        RandomNumberGenerator.Fill(bytes.AsSpan(5, 12));
        using (var aes = new AesGcm(KeyOf(version, "token"), TagSize))
        {
            aes.Encrypt(bytes.AsSpan(5, 12), plain, bytes.AsSpan(HeaderSize + TagSize), bytes.AsSpan(HeaderSize, TagSize), bytes.AsSpan(0, HeaderSize));
        }

        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>The claims and the master key version of a token; InvalidSecurityToken.Malformed for anything not sealed by this ring.</summary>
    public Result<(SessionClaims Claims, int Version)> Open(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 8192)
        {
            return Errors.Sts.TokenMalformed;
        }

        var encoded = token.AsSpan(Prefix.Length);
        var bytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        int length;
        try
        {
            if (!Base64Url.TryDecodeFromChars(encoded, bytes, out length) || length <= HeaderSize + TagSize || bytes[0] != FormatVersion)
            {
                return Errors.Sts.TokenMalformed;
            }
        }
        catch (FormatException)
        {
            return Errors.Sts.TokenMalformed;
        }

        var version = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4));
        if (!ring.HasVersion(version))
        {
            // A retired master key version takes its tokens with it.
            return Errors.Sts.TokenMalformed;
        }

        var plain = new byte[length - HeaderSize - TagSize];
        try
        {
            using var aes = new AesGcm(KeyOf(version, "token"), TagSize);
            aes.Decrypt(bytes.AsSpan(5, 12), bytes.AsSpan(HeaderSize + TagSize, plain.Length), bytes.AsSpan(HeaderSize, TagSize), plain, bytes.AsSpan(0, HeaderSize));
            return (Deserialize(plain), version);
        }
        catch (Exception e) when (e is CryptographicException or KeyNotFoundException or InvalidOperationException or EndOfStreamException or FormatException or ArgumentException)
        {
            // Altered, cut short, sealed by another ring, or under a master key version this node lacks.
            return Errors.Sts.TokenMalformed;
        }
    }

    /// <summary>The temporary secret of <paramref name="accessKeyId"/>: 30 base62 characters of HMAC-SHA256 under the derived secret key.</summary>
    public string SecretFor(string accessKeyId, int version)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(KeyOf(version, "secret"), Encoding.ASCII.GetBytes(accessKeyId), mac);
        return string.Create(SecretLength, mac.ToArray(), static (span, bytes) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base62[bytes[i] % 62];
            }
        });
    }

    private byte[] KeyOf(int version, string purpose) =>
        _keys.GetOrAdd((version, purpose), static (k, r) =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, r.GetKey(k.Version), 32, salt: [], info: Encoding.ASCII.GetBytes($"latchkey sts {k.Purpose} v1")), ring);

    private static byte[] Serialize(SessionClaims c)
    {
        using var stream = new MemoryStream(256);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(c.AccessKeyId);

            // AccountIds and RoleIds are 16-digit numbers (NumericIds): 8 bytes each, not 17.
            writer.Write(ulong.Parse(c.AccountId, NumberStyles.None, CultureInfo.InvariantCulture));
            writer.Write(ulong.Parse(c.RoleId, NumberStyles.None, CultureInfo.InvariantCulture));
            writer.Write(c.RoleName);
            writer.Write(c.RoleSessionName);
            writer.Write(c.IssuedAt.ToUnixTimeMilliseconds());
            writer.Write(c.Expiration.ToUnixTimeSeconds());
            writer.Write(c.SourceIdentity ?? "");
            writer.Write(c.SessionPolicy ?? "");
        }

        return stream.ToArray();
    }

    private static SessionClaims Deserialize(byte[] plain)
    {
        using var reader = new BinaryReader(new MemoryStream(plain), Encoding.UTF8);
        var claims = new SessionClaims(
            reader.ReadString(),
            reader.ReadUInt64().ToString(CultureInfo.InvariantCulture),
            reader.ReadUInt64().ToString(CultureInfo.InvariantCulture),
            reader.ReadString(),
            reader.ReadString(),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()),
            DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64()),
            EmptyToNull(reader.ReadString()),
            EmptyToNull(reader.ReadString()));
        return reader.BaseStream.Position == plain.Length ? claims : throw new FormatException("Trailing bytes in a session token.");
    }

    private static string? EmptyToNull(string value) => value.Length == 0 ? null : value;
}
