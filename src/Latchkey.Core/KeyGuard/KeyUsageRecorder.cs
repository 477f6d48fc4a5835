using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Latchkey.Core.KeyGuard;

/// <summary>
/// Counts each key's calls, refusals and source addresses in memory (the hot path takes one
/// short per-key lock and allocates nothing for a source it has seen this flush) and writes them
/// as hourly counters and daily sources in one batch per <see cref="FlushAsync"/>, never a write
/// per request. Slots exist only for keys that exist (an unknown AccessKeyId is never counted),
/// and the sources a key may add between flushes are capped, so memory stays bounded whatever
/// the traffic.
/// </summary>
public sealed partial class KeyUsageRecorder : IDisposable
{
    /// <summary>Distinct (day, address) pairs one key may collect between two flushes; beyond it calls still count.</summary>
    public const int MaxPendingSourcesPerKey = 256;

    /// <summary>How much history the store keeps: the console's 30 days and one to spare.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(31);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly IAccessKeyUsageStore _store;
    private readonly ILogger<KeyUsageRecorder> _logger;

    public KeyUsageRecorder(IAccessKeyUsageStore store, ILogger<KeyUsageRecorder> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>A verified call; <paramref name="outsidePolicy"/> when an audit-only network policy would have refused it.</summary>
    public void RecordCall(string accessKeyId, string sourceIp, DateTimeOffset now, bool outsidePolicy) =>
        SlotOf(accessKeyId).Add(now, calls: 1, refusals: 0, outsidePolicy, sourceIp);

    /// <summary>
    /// A refused request naming an existing key. Only a refusal whose signature held (a network
    /// policy's) names its source: anyone can send a bad signature from anywhere.
    /// </summary>
    public void RecordRefusal(string accessKeyId, DateTimeOffset now, string? verifiedSourceIp = null, bool outsidePolicy = false) =>
        SlotOf(accessKeyId).Add(now, calls: 0, refusals: 1, outsidePolicy, verifiedSourceIp);

    /// <summary>Writes everything counted since the last flush as one batch; on failure keeps it for the next.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var hours = new List<AccessKeyUsageHour>();
            var sources = new List<AccessKeyUsageSource>();
            var taken = new List<(Slot Slot, Slot.Pending Pending)>();
            foreach (var (accessKeyId, slot) in _slots)
            {
                if (slot.Take() is not { } pending)
                {
                    continue;
                }

                taken.Add((slot, pending));
                foreach (var (hour, counts) in pending.Hours)
                {
                    hours.Add(new AccessKeyUsageHour(accessKeyId, new DateTimeOffset(hour, TimeSpan.Zero), counts[0], counts[1], counts[2]));
                }

                foreach (var ((day, ip), counts) in pending.Sources)
                {
                    sources.Add(new AccessKeyUsageSource(accessKeyId, new DateTimeOffset(day, TimeSpan.Zero), ip, counts[0], counts[1]));
                }
            }

            if (taken.Count == 0)
            {
                return;
            }

            try
            {
                await _store.RecordAccessKeyUsageAsync(hours, sources, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (var (slot, pending) in taken)
                {
                    slot.Restore(pending);
                }

                LogFlushFailed(_logger, taken.Count, ex);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose() => _flushing.Dispose();

    private Slot SlotOf(string accessKeyId) => _slots.GetOrAdd(accessKeyId, static _ => new Slot());

    [LoggerMessage(2101, LogLevel.Warning, "Writing usage counters of {Count} access keys failed; will retry")]
    private static partial void LogFlushFailed(ILogger logger, int count, Exception exception);

    private sealed class Slot
    {
        private readonly Lock _gate = new();
        private Dictionary<long, long[]> _hours = [];
        private Dictionary<(long Day, string Ip), long[]> _sources = [];
        private long _currentHour = -1;
        private long[]? _current;

        public void Add(DateTimeOffset now, long calls, long refusals, bool outsidePolicy, string? sourceIp)
        {
            var ticks = now.UtcTicks;
            var hour = ticks - (ticks % TimeSpan.TicksPerHour);
            lock (_gate)
            {
                if (hour != _currentHour || _current is null)
                {
                    if (!_hours.TryGetValue(hour, out _current))
                    {
                        _current = new long[3];
                        _hours.Add(hour, _current);
                    }

                    _currentHour = hour;
                }

                _current[0] += calls;
                _current[1] += refusals;
                _current[2] += outsidePolicy ? 1 : 0;
                if (string.IsNullOrEmpty(sourceIp))
                {
                    return;
                }

                var day = ticks - (ticks % TimeSpan.TicksPerDay);
                if (!_sources.TryGetValue((day, sourceIp), out var source))
                {
                    if (_sources.Count >= MaxPendingSourcesPerKey)
                    {
                        return;
                    }

                    source = new long[2];
                    _sources.Add((day, sourceIp), source);
                }

                source[0] += calls + refusals;
                source[1] += outsidePolicy ? 1 : 0;
            }
        }

        public Pending? Take()
        {
            lock (_gate)
            {
                if (_hours.Count == 0)
                {
                    return null;
                }

                var pending = new Pending(_hours, _sources);
                _hours = [];
                _sources = [];
                _current = null;
                _currentHour = -1;
                return pending;
            }
        }

        public void Restore(Pending pending)
        {
            lock (_gate)
            {
                foreach (var (hour, counts) in pending.Hours)
                {
                    if (_hours.TryGetValue(hour, out var existing))
                    {
                        for (var i = 0; i < counts.Length; i++)
                        {
                            existing[i] += counts[i];
                        }
                    }
                    else
                    {
                        _hours.Add(hour, counts);
                    }
                }

                foreach (var (key, counts) in pending.Sources)
                {
                    if (_sources.TryGetValue(key, out var existing))
                    {
                        existing[0] += counts[0];
                        existing[1] += counts[1];
                    }
                    else if (_sources.Count < MaxPendingSourcesPerKey)
                    {
                        _sources.Add(key, counts);
                    }
                }
            }
        }

        public sealed record Pending(Dictionary<long, long[]> Hours, Dictionary<(long Day, string Ip), long[]> Sources);
    }
}
