using System.Collections.Concurrent;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Latchkey.Signing;

namespace Latchkey.Core.Authentication;

/// <summary>
/// Keys by AccessKeyId, loaded from the store on a miss and dropped on every change-feed event,
/// so a deleted or Inactive key fails on the very next request (invariant 3). A "not found" is
/// remembered only for <see cref="MissLifetime"/>; a hit for <see cref="HitLifetime"/> at most,
/// a safety net should a change event ever be lost. Each cached key carries a
/// <see cref="Signing.SigningKey"/>; whenever an entry leaves the cache (change event, expiry,
/// replacement) it is retired, and its SigningKey is disposed once the last lease handed out by
/// <see cref="FindAsync"/> is released.
/// </summary>
public sealed class AccessKeyCache : IDisposable
{
    public static readonly TimeSpan MissLifetime = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan HitLifetime = TimeSpan.FromMinutes(5);

    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IAccessKeyStore _store;
    private readonly IRamUserStore _users;
    private readonly IAccessKeyGuardStore _guards;
    private readonly ISecretProtector _protector;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly IDisposable _resetSubscription;
    private long _generation;
    private int _inserts;

    public AccessKeyCache(IAccessKeyStore store, IRamUserStore users, ISecretProtector protector, IAccessKeyChangeFeed changes, TimeProvider time, IAccessKeyGuardStore guards)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _store = store;
        _users = users;
        _guards = guards;
        _protector = protector;
        _time = time;
        _subscription = changes.Subscribe(Invalidate);
        _resetSubscription = changes.SubscribeToResets(Clear);
    }

    public int Count => _entries.Count;

    /// <summary>
    /// The key with a lease on it when this node holds a live entry for it (what <see cref="FindAsync"/>
    /// would answer without a load), else null: then <see cref="FindAsync"/> decides. Never loads,
    /// never awaits. An entry only exists for an id that was looked up, so for one the request path
    /// has already checked.
    /// </summary>
    public CachedAccessKey? TryGetCached(string accessKeyId, DateTimeOffset now) =>
        _entries.TryGetValue(accessKeyId, out var cached) && cached.ExpiresAt > now && cached.Value is { } value && value.TryAcquire() ? value : null;

    /// <summary>
    /// The key with a lease on it (call <see cref="CachedAccessKey.Release"/> when done verifying),
    /// or null when no such key exists (or its owner is gone).
    /// </summary>
    public async ValueTask<CachedAccessKey?> FindAsync(string accessKeyId, CancellationToken ct)
    {
        var now = _time.GetUtcNow();

        // An entry retired between the look-up and the lease is as good as gone: load afresh.
        if (_entries.TryGetValue(accessKeyId, out var cached) && cached.ExpiresAt > now && (cached.Value is null || cached.Value.TryAcquire()))
        {
            return cached.Value;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await LoadAsync(accessKeyId, ct);

        // The caller's lease, taken before anyone else can see (and retire) the entry.
        loaded?.TryAcquire();
        var entry = new Entry(loaded, now + (loaded is null ? MissLifetime : HitLifetime));

        // A change event that arrived while we were loading may describe a newer state than the
        // one we read: keep the entry only when no invalidation happened around the insert.
        if (Interlocked.Read(ref _generation) == generation)
        {
            Store(accessKeyId, entry);
            if (Interlocked.Read(ref _generation) != generation)
            {
                if (_entries.TryRemove(new KeyValuePair<string, Entry>(accessKeyId, entry)))
                {
                    Release(entry);
                }
            }
            else if (Interlocked.Increment(ref _inserts) % SweepEvery == 0)
            {
                Sweep(now);
            }
        }
        else
        {
            // Not cached: retired at once, its SigningKey disposed when this caller releases its lease.
            Release(entry);
        }

        return loaded;
    }

    public void Invalidate(string accessKeyId)
    {
        Interlocked.Increment(ref _generation);
        if (_entries.TryRemove(accessKeyId, out var removed))
        {
            Release(removed);
        }
    }

    /// <summary>Drops every entry: changes may have been missed (the change feed was interrupted).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        foreach (var pair in _entries)
        {
            if (_entries.TryRemove(pair))
            {
                Release(pair.Value);
            }
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _resetSubscription.Dispose();
        foreach (var pair in _entries)
        {
            if (_entries.TryRemove(pair))
            {
                Release(pair.Value);
            }
        }
    }

    private static void Release(Entry entry) => entry.Value?.Retire();

    private async Task<CachedAccessKey?> LoadAsync(string accessKeyId, CancellationToken ct)
    {
        var stored = await _store.FindAccessKeyAsync(accessKeyId, ct);
        if (stored is null)
        {
            return null;
        }

        var key = stored.Key;
        Principal principal;
        if (key.UserId is null)
        {
            principal = new Principal(key.AccountId, null, null, key.AccessKeyId);
        }
        else
        {
            var user = await _users.FindUserByIdAsync(key.AccountId, key.UserId, ct);
            if (user is null)
            {
                return null;
            }

            principal = new Principal(key.AccountId, user.UserId, user.UserName, key.AccessKeyId);
        }

        // The guard (network policy, canary, leak restriction) travels with the key, so the hot path
        // checks it without a store read; a change to it goes through the change log like a status change.
        var guard = CachedKeyGuard.From(await _guards.FindAccessKeyGuardAsync(accessKeyId, ct));

        // The decrypted secret lives only as long as this call: the SigningKey holds what verifying needs.
        var secret = _protector.Unprotect(SecretOwner.Of(key), stored.Secret);
        return new CachedAccessKey(key, principal, new SigningKey(secret.Reveal()), guard);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now && _entries.TryRemove(pair))
            {
                Release(pair.Value);
            }
        }
    }

    /// <summary>Puts <paramref name="entry"/> in place of whatever is there, releasing what it replaces.</summary>
    private void Store(string accessKeyId, Entry entry)
    {
        while (true)
        {
            if (_entries.TryGetValue(accessKeyId, out var old))
            {
                if (_entries.TryUpdate(accessKeyId, entry, old))
                {
                    Release(old);
                    return;
                }
            }
            else if (_entries.TryAdd(accessKeyId, entry))
            {
                return;
            }
        }
    }

    private sealed record Entry(CachedAccessKey? Value, DateTimeOffset ExpiresAt);
}
