using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// An AccessKey secret prepared for verifying many requests: the keyed HMAC state for V1
/// (HMAC-SHA1 keyed with <c>secret + "&amp;"</c>) and V3 (HMAC-SHA256 keyed with the secret) is set
/// up once and reused, instead of once per request as <see cref="ParsedRequest.Verify(string)"/>
/// does. Pass it to <see cref="ParsedRequest.Verify(SigningKey)"/>; the results are exactly those
/// of the string overload.
/// </summary>
/// <remarks>
/// <para>Where libcrypto's low-level SHA functions are available (Linux; see docs/signing.md,
/// "Native digests"), the key is kept only as HMAC midstates: the inner and outer pad blocks
/// absorbed into one SHA context each, which every verify copies to its stack. Otherwise each
/// verify rents its own <see cref="IncrementalHash"/> from a small lock-free pool.</para>
/// <para>Thread-safe: any number of threads may verify with one instance at the same time.</para>
/// <para><see cref="Dispose"/> may run while verifies are in flight: those finish with the key
/// they started with, and the midstates or pooled HMAC state are released and zeroed when the last
/// of them ends. A verify that starts after <see cref="Dispose"/> throws
/// <see cref="ObjectDisposedException"/>, or with <see cref="ParsedRequest.TryVerify"/> returns
/// false, so that a cache that dropped the key can be asked for its current one.</para>
/// <para><see cref="ToString"/> never shows the secret.</para>
/// </remarks>
public sealed class SigningKey : IDisposable
{
    // Bit 30 marks Dispose; the low bits count verifies in flight. The last one out (or Dispose,
    // when none is in flight) releases the midstates or pools, exactly once.
    private const int DisposedFlag = 1 << 30;

    // The native path's four contexts, in this order, NativeHash.ContextBytes each.
    private const int V1Inner = 0;
    private const int V1Outer = NativeHash.ContextBytes;
    private const int V3Inner = 2 * NativeHash.ContextBytes;
    private const int V3Outer = 3 * NativeHash.ContextBytes;

    // Exactly one of the two is set: the midstates (native path) or the pools (framework path).
    private readonly byte[]? _midstates;
    private readonly HmacPool? _v1;
    private readonly HmacPool? _v3;
    private int _state;

    /// <summary>Prepares <paramref name="accessKeySecret"/> for verifying.</summary>
    /// <param name="accessKeySecret">The AccessKey secret, as issued.</param>
    public SigningKey(string accessKeySecret)
        : this(accessKeySecret, NativeDigest.IsEnabled)
    {
    }

    /// <summary>As the public constructor, with the digest path chosen by the caller (tests and benchmarks compare both).</summary>
    internal SigningKey(string accessKeySecret, bool useNativeDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeySecret);
        if (useNativeDigest && !NativeDigest.IsAvailable)
        {
            throw new PlatformNotSupportedException(NativeDigest.Status);
        }

        // Pinned, so that the garbage collector never leaves a moved copy of the key behind that
        // Dispose could not zero.
        var length = Encoding.UTF8.GetByteCount(accessKeySecret);
        var v1Key = GC.AllocateUninitializedArray<byte>(length + 1, pinned: true);
        Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: true, v1Key);
        if (useNativeDigest)
        {
            // The midstates are all a verify needs: the key bytes are zeroed at once. V3's key is
            // V1's without the trailing '&'.
            _midstates = GC.AllocateArray<byte>(4 * NativeHash.ContextBytes, pinned: true);
            try
            {
                NativeDigest.Sha1.PrepareHmac(v1Key, Context(V1Inner), Context(V1Outer));
                NativeDigest.Sha256.PrepareHmac(v1Key.AsSpan(0, length), Context(V3Inner), Context(V3Outer));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(v1Key);
            }

            return;
        }

        var v3Key = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: false, v3Key);
        var size = Math.Clamp(Environment.ProcessorCount, 2, 16);
        _v1 = new HmacPool(HashAlgorithmName.SHA1, v1Key, size);
        _v3 = new HmacPool(HashAlgorithmName.SHA256, v3Key, size);
    }

    /// <summary>Releases the prepared HMAC state and zeroes the midstates or key bytes this instance holds, once no verify is in flight.</summary>
    public void Dispose()
    {
        var before = Interlocked.Or(ref _state, DisposedFlag);
        if (before == 0)
        {
            Release();
        }
    }

    /// <summary>True once <see cref="Dispose"/> was called: no new verify can start with this key.</summary>
    public bool IsDisposed => (Volatile.Read(ref _state) & DisposedFlag) != 0;

    /// <summary>Never the secret.</summary>
    /// <returns><c>SigningKey(***)</c>.</returns>
    public override string ToString() => "SigningKey(***)";

    /// <summary>True when this key verifies through libcrypto's low-level digests (<see cref="NativeDigest"/>).</summary>
    internal bool UsesNativeDigest => _midstates is not null;

    /// <summary>The native path's HMAC midstates (empty on the framework path): for tests that prove Dispose zeroes them.</summary>
    internal ReadOnlySpan<byte> Midstates => _midstates;

    /// <summary>HMAC-SHA1 (V1) of <paramref name="data"/> into <paramref name="destination"/> (20 bytes); false once disposed.</summary>
    internal bool TryComputeV1(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!TryEnter())
        {
            return false;
        }

        try
        {
            if (_midstates is not null)
            {
                NativeDigest.Sha1.ComputeHmac(Context(V1Inner), Context(V1Outer), data, destination);
            }
            else
            {
                Compute(_v1!, data, destination);
            }

            return true;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>HMAC-SHA256 (V3) of <paramref name="data"/> into <paramref name="destination"/> (32 bytes); false once disposed.</summary>
    internal bool TryComputeV3(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!TryEnter())
        {
            return false;
        }

        try
        {
            if (_midstates is not null)
            {
                NativeDigest.Sha256.ComputeHmac(Context(V3Inner), Context(V3Outer), data, destination);
            }
            else
            {
                Compute(_v3!, data, destination);
            }

            return true;
        }
        finally
        {
            Exit();
        }
    }

    private static void Compute(HmacPool pool, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = pool.Rent();
        // An instance goes back only after GetHashAndReset succeeded, so a pooled instance
        // never carries data from an earlier request; on an exception it is dropped.
        try
        {
            hmac.AppendData(data);
            hmac.GetHashAndReset(destination);
        }
        catch
        {
            hmac.Dispose();
            throw;
        }

        pool.Return(hmac);
    }

    private Span<byte> Context(int offset) => _midstates.AsSpan(offset, NativeHash.ContextBytes);

    private bool TryEnter()
    {
        var state = Volatile.Read(ref _state);
        while (true)
        {
            if ((state & DisposedFlag) != 0)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                return true;
            }

            state = seen;
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _state) == DisposedFlag)
        {
            Release();
        }
    }

    private void Release()
    {
        if (_midstates is not null)
        {
            CryptographicOperations.ZeroMemory(_midstates);
        }

        _v1?.Clear();
        _v3?.Clear();
    }
}
