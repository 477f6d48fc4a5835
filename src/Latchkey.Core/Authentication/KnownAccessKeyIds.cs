using Latchkey.Core.AccessKeys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Authentication;

/// <summary>
/// Every AccessKeyId that exists on this node's store (and any deleted since the node started):
/// a flood of well-formed random AccessKeyIds is answered from memory instead of one store query
/// each (issue 9). Loaded from the store once, then kept by the change feed, which announces every
/// created key; ids are held as 64-bit numbers (the first 20 base62 characters, the part the check
/// characters are computed from), about 24 bytes each, no object per id.
/// An id it does not know still gets a store look-up while the budget
/// <see cref="ThrottlingOptions.UnknownAccessKeyIdLookupsPerSecond"/> lasts: a key created a moment
/// ago on another node (its announcement still on the way) or written beside the running server
/// verifies at once outside a flood. Until the first load completes every id may exist.
/// </summary>
public sealed partial class KnownAccessKeyIds : IDisposable
{
    private readonly HashSet<ulong> _ids = [];
    private readonly Lock _lock = new();
    private readonly IAccessKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<KnownAccessKeyIds> _logger;
    private readonly int _lookupsPerSecond;
    private readonly IDisposable _subscription;
    private Task? _loading;
    private volatile bool _complete;
    private long _budgetSecond = long.MinValue;
    private int _budgetUsed;

    public KnownAccessKeyIds(IAccessKeyStore store, IAccessKeyChangeFeed changes, TimeProvider time, IOptions<ThrottlingOptions> options, ILogger<KnownAccessKeyIds> logger)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _logger = logger;
        _lookupsPerSecond = options.Value.UnknownAccessKeyIdLookupsPerSecond;

        // A change is announced for every create (and for status changes and deletions, where
        // adding an id already known changes nothing).
        _subscription = changes.Subscribe(Add);
    }

    /// <summary>True once the store's ids are loaded: from then on unknown ids are answered from memory.</summary>
    public bool IsComplete => _complete;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Loads the store's ids (once; later calls share the first load).</summary>
    public Task LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _loading ??= Task.Run(() => LoadCoreAsync(cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Whether a look-up for this well-formed id should go to the store: yes for a known id, and
    /// for an unknown one while the per-second budget lasts (or before the first load has finished).
    /// </summary>
    public bool ShouldLookUp(string accessKeyId)
    {
        if (!_complete)
        {
            _ = LoadAsync(CancellationToken.None);
            return true;
        }

        var value = ValueOf(accessKeyId);
        lock (_lock)
        {
            if (_ids.Contains(value))
            {
                return true;
            }
        }

        return TakeLookUpBudget();
    }

    public void Add(string accessKeyId)
    {
        if (!AccessKeyIdFormat.IsWellFormed(accessKeyId))
        {
            return;
        }

        var value = ValueOf(accessKeyId);
        lock (_lock)
        {
            _ids.Add(value);
        }
    }

    public void Dispose() => _subscription.Dispose();

    private bool TakeLookUpBudget()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Interlocked.Read(ref _budgetSecond) != second)
        {
            Interlocked.Exchange(ref _budgetSecond, second);
            Interlocked.Exchange(ref _budgetUsed, 0);
        }

        return Interlocked.Increment(ref _budgetUsed) <= _lookupsPerSecond;
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<ulong>(4096);
            await foreach (var accessKeyId in _store.ListAllAccessKeyIdsAsync(cancellationToken))
            {
                batch.Add(ValueOf(accessKeyId));
                if (batch.Count == batch.Capacity)
                {
                    AddRange(batch);
                }
            }

            AddRange(batch);
            _complete = true;
            LogLoaded(_logger, Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Every id keeps going to the store (as before this filter existed); the next request retries.
            LogLoadFailed(_logger, exception);
            lock (_lock)
            {
                _loading = null;
            }
        }
    }

    private void AddRange(List<ulong> batch)
    {
        lock (_lock)
        {
            foreach (var value in batch)
            {
                _ids.Add(value);
            }
        }

        batch.Clear();
    }

    /// <summary>The first 20 characters read as a base62 number, modulo 2^64 (the rest is their check).</summary>
    private static ulong ValueOf(string accessKeyId)
    {
        ulong value = 0;
        var body = accessKeyId.AsSpan(0, Math.Min(accessKeyId.Length, AccessKeyIdFormat.Length - AccessKeyIdFormat.CheckLength));
        foreach (var c in body)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                >= 'a' and <= 'z' => c - 'a' + 36,
                _ => 0,
            };
            value = unchecked((value * 62) + (ulong)digit);
        }

        return value;
    }

    [LoggerMessage(1010, LogLevel.Information, "Loaded {Count} AccessKeyIds: unknown ids are now answered from memory")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(1011, LogLevel.Warning, "Loading the AccessKeyIds failed; unknown ids keep going to the store")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
