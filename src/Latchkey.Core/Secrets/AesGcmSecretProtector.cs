using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>
/// AES-256-GCM with a 12-byte random nonce and a 16-byte tag. The associated data binds the
/// AccessKeyId, the AccountId and the UserId (<see cref="ProtectedSecret.OwnerBoundFormat"/>), so
/// a ciphertext copied onto another key's row, or a row moved to another owner, does not decrypt.
/// Rows of <see cref="ProtectedSecret.LegacyFormat"/> (AccessKeyId only) still decrypt until
/// start-up rewrites them. Layout of <see cref="ProtectedSecret.Ciphertext"/>: nonce ‖ ciphertext ‖ tag.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly MasterKeyRing _ring;

    public AesGcmSecretProtector(MasterKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    public int CurrentKeyVersion => _ring.CurrentVersion;

    public ProtectedSecret Protect(SecretOwner owner, AccessKeySecret secret)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(owner.AccessKeyId);
        ArgumentNullException.ThrowIfNull(secret);

        // A rotation run by the CLI rewrites the key file: encrypt under its newest version.
        _ring.RefreshIfChanged();
        var version = _ring.CurrentVersion;
        var plaintext = Encoding.UTF8.GetBytes(secret.Reveal());
        var output = Seal(_ring.GetKey(version), plaintext, AssociatedData(owner, ProtectedSecret.OwnerBoundFormat));
        CryptographicOperations.ZeroMemory(plaintext);
        return new ProtectedSecret(version, output, ProtectedSecret.OwnerBoundFormat);
    }

    public AccessKeySecret Unprotect(SecretOwner owner, ProtectedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(owner.AccessKeyId);
        ArgumentNullException.ThrowIfNull(secret);
        var plaintext = Open(_ring.GetKey(secret.KeyVersion), secret.Ciphertext, AssociatedData(owner, secret.Format));
        var value = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return new AccessKeySecret(value);
    }

    /// <summary>nonce ‖ ciphertext ‖ tag of <paramref name="plaintext"/> under <paramref name="key"/>.</summary>
    internal static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    /// <summary>The plaintext of <see cref="Seal"/>'s output; throws <see cref="CryptographicException"/> when it does not authenticate.</summary>
    internal static byte[] Open(byte[] key, byte[]? data, ReadOnlySpan<byte> associatedData)
    {
        if (data is null || data.Length <= NonceSize + TagSize)
        {
            throw new CryptographicException("The protected secret is truncated.");
        }

        var length = data.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plaintext, associatedData);
        return plaintext;
    }

    /// <summary>
    /// Format 2: "latchkey-secret-v2" NUL AccessKeyId NUL AccountId NUL UserId (empty for the
    /// account's own keys); identifiers never hold NUL, so the encoding is unambiguous.
    /// Format 1: the AccessKeyId alone.
    /// </summary>
    private static byte[] AssociatedData(SecretOwner owner, int format) => format switch
    {
        ProtectedSecret.OwnerBoundFormat => Encoding.UTF8.GetBytes($"latchkey-secret-v2\0{owner.AccessKeyId}\0{owner.AccountId}\0{owner.UserId}"),
        ProtectedSecret.LegacyFormat => Encoding.UTF8.GetBytes(owner.AccessKeyId),
        _ => throw new CryptographicException($"Unknown protected secret format {format}."),
    };
}
