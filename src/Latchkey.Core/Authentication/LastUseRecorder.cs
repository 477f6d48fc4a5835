using System.Collections.Concurrent;
using Latchkey.Core.AccessKeys;
using Microsoft.Extensions.Logging;

namespace Latchkey.Core.Authentication;

/// <summary>
/// Keeps the newest use of every key in memory (the hot path only swaps a reference) and writes
/// it to the store off the request path, at most once per key per <see cref="WriteInterval"/>.
/// The host calls <see cref="FlushAsync"/> every few seconds and <see cref="FlushAllAsync"/> on shutdown.
/// </summary>
public sealed partial class LastUseRecorder : IDisposable
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly IAccessKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LastUseRecorder> _logger;

    public LastUseRecorder(IAccessKeyStore store, TimeProvider time, ILogger<LastUseRecorder> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    public void Record(string accessKeyId, AccessKeyLastUse use)
    {
        ArgumentNullException.ThrowIfNull(use);

        // Slots are only created for keys that verified a request, so their number is bounded by the keys that exist.
        var slot = _slots.GetOrAdd(accessKeyId, static _ => new Slot());
        slot.Offer(use);
    }

    /// <summary>
    /// The hot path's form. A use in the same second as the pending one, for the same service,
    /// action and source, changes nothing anyone reads (GetAccessKeyLastUsed answers to the second,
    /// and the store is written at most once a minute), so it keeps the pending use and allocates
    /// nothing; anything else is recorded as by <see cref="Record(string, AccessKeyLastUse)"/>.
    /// </summary>
    public void Record(string accessKeyId, DateTimeOffset time, string serviceName, string action, string sourceIp)
    {
        var slot = _slots.GetOrAdd(accessKeyId, static _ => new Slot());
        if (slot.Pending is { } pending
            && pending.Time.UtcTicks / TimeSpan.TicksPerSecond == time.UtcTicks / TimeSpan.TicksPerSecond
            && string.Equals(pending.Action, action, StringComparison.Ordinal)
            && string.Equals(pending.SourceIp, sourceIp, StringComparison.Ordinal)
            && string.Equals(pending.ServiceName, serviceName, StringComparison.Ordinal))
        {
            return;
        }

        slot.Offer(new AccessKeyLastUse(time, serviceName, action, sourceIp));
    }

    /// <summary>Writes pending uses of keys not written in the last minute, as one batch.</summary>
    public Task FlushAsync(CancellationToken ct) => FlushCoreAsync(force: false, ct);

    /// <summary>Writes every pending use regardless of the interval (shutdown).</summary>
    public Task FlushAllAsync(CancellationToken ct) => FlushCoreAsync(force: true, ct);

    private async Task FlushCoreAsync(bool force, CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var now = _time.GetUtcNow();
            var batch = new List<KeyValuePair<string, AccessKeyLastUse>>();
            var taken = new List<(Slot Slot, DateTimeOffset PreviousWrite)>();
            foreach (var (accessKeyId, slot) in _slots)
            {
                if (!force && now - slot.LastWritten < WriteInterval)
                {
                    continue;
                }

                if (slot.Take() is { } use)
                {
                    batch.Add(new(accessKeyId, use));
                    taken.Add((slot, slot.LastWritten));
                    slot.LastWritten = now;
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await _store.RecordLastUseAsync(batch, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Put the uses back so the next flush retries them; last-use data is not worth failing the host for.
                for (var i = 0; i < taken.Count; i++)
                {
                    taken[i].Slot.LastWritten = taken[i].PreviousWrite;
                    taken[i].Slot.Offer(batch[i].Value);
                }

                LogFlushFailed(_logger, batch.Count, ex);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose() => _flushing.Dispose();

    [LoggerMessage(2001, LogLevel.Warning, "Writing last use of {Count} access keys failed; will retry")]
    private static partial void LogFlushFailed(ILogger logger, int count, Exception exception);

    private sealed class Slot
    {
        private AccessKeyLastUse? _pending;

        public DateTimeOffset LastWritten { get; set; } = DateTimeOffset.MinValue;

        public AccessKeyLastUse? Pending => Volatile.Read(ref _pending);

        /// <summary>Keeps the newer of the pending use and <paramref name="use"/>.</summary>
        public void Offer(AccessKeyLastUse use)
        {
            var current = Volatile.Read(ref _pending);
            while (current is null || current.Time <= use.Time)
            {
                var seen = Interlocked.CompareExchange(ref _pending, use, current);
                if (ReferenceEquals(seen, current))
                {
                    return;
                }

                current = seen;
            }
        }

        public AccessKeyLastUse? Take() => Interlocked.Exchange(ref _pending, null);
    }
}
