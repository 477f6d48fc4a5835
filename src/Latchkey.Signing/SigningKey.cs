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
/// <para>Thread-safe: any number of threads may verify with one instance at the same time. Each
/// verify rents its own HMAC instance from a small lock-free pool and hands it back afterwards.</para>
/// <para><see cref="Dispose"/> may run while verifies are in flight: those finish with the key
/// they started with, and the pooled HMAC state is released and the key bytes zeroed when the last
/// of them ends. A verify that starts after <see cref="Dispose"/> throws
/// <see cref="ObjectDisposedException"/>, or with <see cref="ParsedRequest.TryVerify"/> returns
/// false, so that a cache that dropped the key can be asked for its current one.</para>
/// <para><see cref="ToString"/> never shows the secret.</para>
/// </remarks>
public sealed class SigningKey : IDisposable
{
    // Bit 30 marks Dispose; the low bits count verifies in flight. The last one out (or Dispose,
    // when none is in flight) releases the pools, exactly once.
    private const int DisposedFlag = 1 << 30;

    private readonly HmacPool _v1;
    private readonly HmacPool _v3;
    private int _state;

    /// <summary>Prepares <paramref name="accessKeySecret"/> for verifying.</summary>
    /// <param name="accessKeySecret">The AccessKey secret, as issued.</param>
    public SigningKey(string accessKeySecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeySecret);
        // Pinned, so that the garbage collector never leaves a moved copy of the key behind that
        // Dispose could not zero.
        var length = Encoding.UTF8.GetByteCount(accessKeySecret);
        var v1Key = GC.AllocateUninitializedArray<byte>(length + 1, pinned: true);
        var v3Key = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: true, v1Key);
        Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: false, v3Key);
        var size = Math.Clamp(Environment.ProcessorCount, 2, 16);
        _v1 = new HmacPool(HashAlgorithmName.SHA1, v1Key, size);
        _v3 = new HmacPool(HashAlgorithmName.SHA256, v3Key, size);
    }

    /// <summary>Releases the prepared HMAC state and zeroes the key bytes this instance holds, once no verify is in flight.</summary>
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

    /// <summary>HMAC-SHA1 (V1) of <paramref name="data"/> into <paramref name="destination"/> (20 bytes); false once disposed.</summary>
    internal bool TryComputeV1(ReadOnlySpan<byte> data, Span<byte> destination) => TryCompute(_v1, data, destination);

    /// <summary>HMAC-SHA256 (V3) of <paramref name="data"/> into <paramref name="destination"/> (32 bytes); false once disposed.</summary>
    internal bool TryComputeV3(ReadOnlySpan<byte> data, Span<byte> destination) => TryCompute(_v3, data, destination);

    private bool TryCompute(HmacPool pool, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!TryEnter())
        {
            return false;
        }

        try
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
            return true;
        }
        finally
        {
            Exit();
        }
    }

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
        _v1.Clear();
        _v3.Clear();
    }
}
