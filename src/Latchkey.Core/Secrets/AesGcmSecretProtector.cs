using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>
/// AES-256-GCM with a 12-byte random nonce and a 16-byte tag; the AccessKeyId is the associated
/// data, so a ciphertext copied onto another key's row does not decrypt.
/// Layout of <see cref="ProtectedSecret.Ciphertext"/>: nonce ‖ ciphertext ‖ tag.
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

    public ProtectedSecret Protect(string accessKeyId, AccessKeySecret secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(secret);
        var version = _ring.CurrentVersion;
        var plaintext = Encoding.UTF8.GetBytes(secret.Reveal());
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_ring.GetKey(version), TagSize))
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(accessKeyId));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return new ProtectedSecret(version, output);
    }

    public AccessKeySecret Unprotect(string accessKeyId, ProtectedSecret secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(secret);
        var data = secret.Ciphertext;
        if (data is null || data.Length <= NonceSize + TagSize)
        {
            throw new CryptographicException("The protected secret is truncated.");
        }

        var length = data.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using (var aes = new AesGcm(_ring.GetKey(secret.KeyVersion), TagSize))
        {
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(accessKeyId));
        }

        var value = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return new AccessKeySecret(value);
    }
}
