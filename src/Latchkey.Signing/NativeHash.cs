using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Latchkey.Signing;

/// <summary>
/// One of libcrypto's low-level digests (<c>SHA1_Init/Update/Final</c> or the SHA-256 ones),
/// called through function pointers on contexts the caller owns, and HMAC (RFC 2104) built on it
/// by midstate: the key's inner and outer pad blocks are absorbed once into two contexts, and each
/// HMAC copies them and hashes only the message and the inner digest. A context is a plain struct
/// of integers (no pointers), so copying its bytes copies the state; <see cref="NativeDigest"/>
/// checks the size at load.
/// </summary>
internal readonly unsafe struct NativeHash
{
    /// <summary>Bytes reserved per context: OpenSSL 1.1 and 3.x have SHA_CTX = 96 and SHA256_CTX = 112.</summary>
    public const int ContextBytes = 128;

    /// <summary>SHA-1 and SHA-256 both hash in 64-byte blocks; HMAC pads its key to one block.</summary>
    public const int BlockBytes = 64;

    /// <summary>SHA-256's 32 bytes; SHA-1 has 20.</summary>
    public const int MaxDigestBytes = 32;

    /// <summary>
    /// Up to this many bytes per call the GC transition is skipped: with SHA-NI that is a few
    /// microseconds of pure computation at most, and every StringToSign or canonical request of an
    /// ordinary call fits. Longer input takes the normal transition, so a large body never holds
    /// up a garbage collection.
    /// </summary>
    private const int SuppressTransitionLimit = 4096;

    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<void*, int> _init;
    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<void*, byte*, nuint, int> _update;
    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, void*, int> _final;

    public NativeHash(nint init, nint update, nint final, int digestBytes)
    {
        _init = (delegate* unmanaged[Cdecl, SuppressGCTransition]<void*, int>)init;
        _update = (delegate* unmanaged[Cdecl, SuppressGCTransition]<void*, byte*, nuint, int>)update;
        _final = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, void*, int>)final;
        DigestBytes = digestBytes;
    }

    public int DigestBytes { get; }

    public void Init(Span<byte> context)
    {
        fixed (byte* c = Context(context))
        {
            Check(_init(c));
        }
    }

    public void Update(Span<byte> context, ReadOnlySpan<byte> data)
    {
        fixed (byte* c = Context(context))
        fixed (byte* d = data)
        {
            Check(data.Length <= SuppressTransitionLimit
                ? _update(c, d, (nuint)data.Length)
                : ((delegate* unmanaged[Cdecl]<void*, byte*, nuint, int>)_update)(c, d, (nuint)data.Length));
        }
    }

    public void Final(Span<byte> context, Span<byte> destination)
    {
        fixed (byte* c = Context(context))
        fixed (byte* md = destination[..DigestBytes])
        {
            Check(_final(md, c));
        }
    }

    /// <summary>The digest of <paramref name="data"/>, on a context on the stack.</summary>
    [SkipLocalsInit]
    public void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> context = stackalloc byte[ContextBytes];
        Init(context);
        Update(context, data);
        Final(context, destination);
    }

    /// <summary>
    /// Absorbs <c>key ^ ipad</c> into <paramref name="inner"/> and <c>key ^ opad</c> into
    /// <paramref name="outer"/> (RFC 2104; a key longer than a block is hashed first). Both
    /// contexts are as secret as the key.
    /// </summary>
    [SkipLocalsInit]
    public void PrepareHmac(ReadOnlySpan<byte> key, Span<byte> inner, Span<byte> outer)
    {
        Span<byte> block = stackalloc byte[BlockBytes];
        try
        {
            block.Clear();
            if (key.Length > BlockBytes)
            {
                HashData(key, block);
            }
            else
            {
                key.CopyTo(block);
            }

            Pad(block, 0x36);
            Init(inner);
            Update(inner, block);
            // Flipping from ipad to opad: (k ^ 0x36) ^ (0x36 ^ 0x5c) = k ^ 0x5c.
            Pad(block, 0x36 ^ 0x5c);
            Init(outer);
            Update(outer, block);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>HMAC of <paramref name="data"/> from the contexts <see cref="PrepareHmac"/> filled, which stay unchanged.</summary>
    [SkipLocalsInit]
    public void ComputeHmac(ReadOnlySpan<byte> inner, ReadOnlySpan<byte> outer, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> context = stackalloc byte[ContextBytes];
        Span<byte> innerDigest = (stackalloc byte[MaxDigestBytes])[..DigestBytes];
        try
        {
            inner[..ContextBytes].CopyTo(context);
            Update(context, data);
            Final(context, innerDigest);
            outer[..ContextBytes].CopyTo(context);
            Update(context, innerDigest);
            Final(context, destination);
        }
        finally
        {
            // The copies hold keyed state; the inner digest is the input of the outer hash.
            CryptographicOperations.ZeroMemory(context);
            CryptographicOperations.ZeroMemory(innerDigest);
        }
    }

    /// <summary>HMAC from scratch (key setup included): the one-shot form, for tests and the benchmark's floor.</summary>
    [SkipLocalsInit]
    public void HmacData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> contexts = stackalloc byte[2 * ContextBytes];
        try
        {
            PrepareHmac(key, contexts[..ContextBytes], contexts[ContextBytes..]);
            ComputeHmac(contexts[..ContextBytes], contexts[ContextBytes..], data, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contexts);
        }
    }

    private static void Pad(Span<byte> block, byte pad)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= pad;
        }
    }

    // Native code writes a whole context through the pointer: a shorter span would be overrun.
    private static Span<byte> Context(Span<byte> context) => context[..ContextBytes];

    private static void Check(int result)
    {
        // The low-level functions return 1 and cannot fail on valid arguments; anything else is a broken library.
        if (result != 1)
        {
            throw new CryptographicException("libcrypto digest call failed.");
        }
    }
}
