using System.Security.Cryptography;

namespace Latchkey.Signing;

/// <summary>
/// Keyed HMAC instances for one key and algorithm, ready to reuse: an <see cref="IncrementalHash"/>
/// keeps the keyed state, so a reset after <c>GetHashAndReset</c> is cheap where building a fresh
/// HMAC (what the static <c>HashData</c> does) pays the whole key setup again. Lock-free: a rent
/// takes an instance out of a slot with an atomic exchange, so no instance is ever used by two
/// threads at once; when every slot is empty a new instance is made, and one returned to a full
/// pool is disposed. Not thread-safe to <see cref="Clear"/> while rents are in flight; the owner
/// (<see cref="SigningKey"/>) guarantees that.
/// </summary>
internal sealed class HmacPool
{
    private readonly IncrementalHash?[] _slots;
    private readonly HashAlgorithmName _algorithm;
    private readonly byte[] _key;

    public HmacPool(HashAlgorithmName algorithm, byte[] key, int size)
    {
        _algorithm = algorithm;
        _key = key;
        _slots = new IncrementalHash?[size];
    }

    public IncrementalHash Rent()
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is not null && Interlocked.Exchange(ref slots[i], null) is { } hmac)
            {
                return hmac;
            }
        }

        return IncrementalHash.CreateHMAC(_algorithm, _key);
    }

    /// <summary>Takes back an instance whose last use ended in <c>GetHashAndReset</c> (so it holds no data).</summary>
    public void Return(IncrementalHash hmac)
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is null && Interlocked.CompareExchange(ref slots[i], hmac, null) is null)
            {
                return;
            }
        }

        hmac.Dispose();
    }

    /// <summary>Disposes every pooled instance and zeroes the key. Only once no rent is in flight.</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }
}
