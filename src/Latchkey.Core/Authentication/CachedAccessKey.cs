using Latchkey.Core.AccessKeys;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Signing;

namespace Latchkey.Core.Authentication;

/// <summary>
/// What the hot path needs of a key: status, the principal it proves, and the secret prepared for
/// verifying (<see cref="SigningKey"/>; the decrypted secret itself is not kept). The cache owns the
/// SigningKey and retires the entry when it drops it; <see cref="AccessKeyCache.FindAsync"/> hands
/// out a lease, and the SigningKey is disposed (its key bytes zeroed) only once the entry is
/// retired and every lease is released. So a verify never meets a disposed key and needs no fallback.
/// </summary>
public sealed class CachedAccessKey
{
    private const int RetiredFlag = 1 << 30;

    // Bit 30 marks the entry retired; the low bits count leases.
    private int _state;

    public CachedAccessKey(AccessKey key, Principal principal, SigningKey signingKey, CachedKeyGuard? guard = null)
    {
        Key = key;
        Principal = principal;
        SigningKey = signingKey;
        Guard = guard;
    }

    public AccessKey Key { get; }

    public Principal Principal { get; }

    /// <summary>Network policy, canary and leak restriction of the key; null when none applies (the common case).</summary>
    public CachedKeyGuard? Guard { get; }

    /// <summary>Use only while holding a lease (between <see cref="AccessKeyCache.FindAsync"/> and <see cref="Release"/>).</summary>
    public SigningKey SigningKey { get; }

    /// <summary>Ends the lease <see cref="AccessKeyCache.FindAsync"/> handed out.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _state) == RetiredFlag)
        {
            SigningKey.Dispose();
        }
    }

    /// <summary>A lease, unless the entry is retired already.</summary>
    internal bool TryAcquire()
    {
        var state = Volatile.Read(ref _state);
        while ((state & RetiredFlag) == 0)
        {
            var seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                return true;
            }

            state = seen;
        }

        return false;
    }

    /// <summary>The cache dropped the entry: no new leases; the SigningKey goes with the last one.</summary>
    internal void Retire()
    {
        if (Interlocked.Or(ref _state, RetiredFlag) == 0)
        {
            SigningKey.Dispose();
        }
    }
}
