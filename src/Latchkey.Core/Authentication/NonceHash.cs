using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Core.Authentication;

/// <summary>
/// The 16 bytes a nonce store remembers for one (AccessKeyId, SignatureNonce) pair: the first half of
/// SHA-256(key ‖ len(AccessKeyId) ‖ AccessKeyId ‖ nonce). The length prefix makes the encoding
/// injective; the key (random per process for the in-memory store) makes the hash unpredictable, so
/// nobody can choose nonces that crowd one region of the table. 128 bits make a false "seen" (two
/// different pairs with one hash) too unlikely to matter, and it could only refuse, never accept.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct NonceHash(ulong Low, ulong High)
{
    public const int Size = 16;
    public const int KeySize = 32;

    private const int StackLimit = 512;

    public static NonceHash Compute(ReadOnlySpan<byte> key, string accessKeyId, string nonce)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(nonce);
        var idBytes = Encoding.UTF8.GetMaxByteCount(accessKeyId.Length);
        var length = key.Length + 4 + idBytes + Encoding.UTF8.GetMaxByteCount(nonce.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            key.CopyTo(buffer);
            var written = key.Length + 4;
            var id = Encoding.UTF8.GetBytes(accessKeyId, buffer[written..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[key.Length..], id);
            written += id;
            written += Encoding.UTF8.GetBytes(nonce, buffer[written..]);

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], digest);
            return new NonceHash(BinaryPrimitives.ReadUInt64LittleEndian(digest), BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Low);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], High);
    }
}
