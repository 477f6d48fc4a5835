using System.Collections.Concurrent;

namespace Latchkey.Core.Authentication;

/// <summary>
/// The replay window of a single node. Entries are filed in one-minute buckets by expiry; once a
/// minute the buckets that have fully expired are dropped, so memory holds only the nonces of
/// the last window (at most 2 × MaxClockSkew of traffic).
/// </summary>
public sealed class InMemoryNonceStore : INonceStore
{
    private const long BucketSeconds = 60;

    private readonly ConcurrentDictionary<(string AccessKeyId, string Nonce), DateTimeOffset> _seen = new();
    private readonly ConcurrentDictionary<long, ConcurrentQueue<(string AccessKeyId, string Nonce)>> _buckets = new();
    private readonly TimeProvider _time;
    private long _lastSweepBucket = long.MinValue;
    private int _sweeping;

    public InMemoryNonceStore(TimeProvider time) => _time = time;

    public int Count => _seen.Count;

    public ValueTask<bool> TryAddAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        SweepIfDue(now);
        var key = (accessKeyId, nonce);
        while (true)
        {
            if (_seen.TryAdd(key, expiresAt))
            {
                File(key, expiresAt);
                return ValueTask.FromResult(true);
            }

            if (_seen.TryGetValue(key, out var existing))
            {
                if (existing > now)
                {
                    return ValueTask.FromResult(false);
                }

                if (_seen.TryUpdate(key, expiresAt, existing))
                {
                    File(key, expiresAt);
                    return ValueTask.FromResult(true);
                }
            }
        }
    }

    private static long BucketOf(DateTimeOffset time) => (time.ToUnixTimeSeconds() / BucketSeconds) + 1;

    private void File((string, string) key, DateTimeOffset expiresAt) =>
        _buckets.GetOrAdd(BucketOf(expiresAt), static _ => new ConcurrentQueue<(string, string)>()).Enqueue(key);

    private void SweepIfDue(DateTimeOffset now)
    {
        var current = BucketOf(now);
        if (Interlocked.Read(ref _lastSweepBucket) >= current || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastSweepBucket, current);

            // Every entry of bucket b expires before b × 60 s; buckets below the current one are done.
            foreach (var bucket in _buckets.Keys)
            {
                if (bucket >= current || !_buckets.TryRemove(bucket, out var keys))
                {
                    continue;
                }

                foreach (var key in keys)
                {
                    if (_seen.TryGetValue(key, out var expiry) && expiry <= now)
                    {
                        _seen.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, expiry));
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
