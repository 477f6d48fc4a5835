using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Authorization;

/// <summary>
/// EncodedDiagnosticMessage: AES-256-GCM over the JSON of a <see cref="DiagnosticMessage"/> and
/// its issue time, under a key derived (HKDF) from the current master key, with the AccountId as
/// associated data, so only the same account can decode it and nobody can forge one. Layout:
/// version byte 1 (so the base64 starts "AQ", like Alibaba's), master key version (4), nonce (12),
/// tag (16), ciphertext. Messages older than <see cref="Lifetime"/> are EncodedMessageExpire.
/// </summary>
public sealed class DiagnosticMessages(MasterKeyRing ring, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4 + 12 + 16;

    public string Encode(string accountId, DiagnosticMessage message)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var plain = JsonSerializer.SerializeToUtf8Bytes(new Envelope(time.GetUtcNow().ToUnixTimeSeconds(), message));
        var version = ring.CurrentVersion;
        var output = new byte[HeaderSize + plain.Length];
        output[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(1, 4), version);
        var nonce = output.AsSpan(5, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(KeyOf(version), 16);
        aes.Encrypt(nonce, plain, output.AsSpan(HeaderSize), output.AsSpan(17, 16), Encoding.UTF8.GetBytes(accountId));
        return Convert.ToBase64String(output);
    }

    public Result<DiagnosticMessage> Decode(string accountId, string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return Errors.Missing("EncodedDiagnosticMessage");
        }

        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length) || length <= HeaderSize || bytes[0] != FormatVersion)
        {
            return Errors.Diagnostic.NotFound;
        }

        var data = bytes.AsSpan(0, length);
        var version = BinaryPrimitives.ReadInt32BigEndian(data.Slice(1, 4));
        var plain = new byte[length - HeaderSize];
        try
        {
            using var aes = new AesGcm(KeyOf(version), 16);
            aes.Decrypt(data.Slice(5, 12), data[HeaderSize..], data.Slice(17, 16), plain, Encoding.UTF8.GetBytes(accountId));
        }
        catch (Exception e) when (e is CryptographicException or KeyNotFoundException or InvalidOperationException)
        {
            // Another account's message, a forged one, or one under a master key version this node lacks.
            return Errors.Diagnostic.NotFound;
        }

        var envelope = JsonSerializer.Deserialize<Envelope>(plain);
        if (envelope is null)
        {
            return Errors.Diagnostic.NotFound;
        }

        return time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(envelope.IssuedAt) > Lifetime
            ? Errors.Diagnostic.Expired
            : envelope.Message;
    }

    private byte[] KeyOf(int version) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.GetKey(version), 32, salt: [], info: "latchkey diagnostic message v1"u8.ToArray());

    private sealed record Envelope(long IssuedAt, DiagnosticMessage Message);
}
