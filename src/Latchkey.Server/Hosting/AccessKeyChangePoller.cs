using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Reads the store's AccessKey change log (written in the transaction of every change) every
/// <see cref="ClusterOptions.ChangeLogPollMilliseconds"/> and hands each change to this node's
/// subscribers, so a change reaches every node within about one poll even when Redis lost it or
/// was down. When the log cannot be read for <see cref="StaleAfter"/>, this node may be missing
/// changes: it resets its subscribers (the key cache empties and reloads from the store, failing
/// closed when the store is unreachable) on every failed poll until a read succeeds.
/// </summary>
internal sealed class AccessKeyChangePoller(
    IAccessKeyChangeLog store,
    InProcessAccessKeyChangeFeed local,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<AccessKeyChangePoller> logger) : BackgroundService
{
    /// <summary>Without a successful read for this long, cached keys are no longer trusted.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    /// <summary>Rows older than this are pruned; a node that could not read for half of it resets.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private const int BatchSize = 1000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private long _lastSequence;
    private DateTimeOffset _lastRead;
    private DateTimeOffset _lastPrune;
    private bool _stale;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The cache is empty at start: only changes after this point matter.
        _lastSequence = await store.GetLatestAccessKeyChangeAsync(cancellationToken);
        _lastRead = _lastPrune = time.GetUtcNow();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.ChangeLogPollMilliseconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PollAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One read of the log; internal so tests can drive it.</summary>
    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            if (now - _lastRead > Retention / 2)
            {
                // Rows this node never read may have been pruned.
                local.Reset();
            }

            IReadOnlyList<AccessKeyChange> changes;
            do
            {
                changes = await store.ReadAccessKeyChangesAsync(_lastSequence, BatchSize, cancellationToken);
                foreach (var change in changes)
                {
                    await local.PublishAsync(change.AccessKeyId, cancellationToken);
                    _lastSequence = change.Sequence;
                }
            }
            while (changes.Count == BatchSize);

            _lastRead = now;
            if (_stale)
            {
                _stale = false;
                Log.ChangeLogReadable(logger);
            }

            if (now - _lastPrune > PruneEvery)
            {
                _lastPrune = now;
                await store.PruneAccessKeyChangesAsync(now - Retention, cancellationToken);
            }
        }
#pragma warning disable CA1031 // A failed read must not stop the poller; the next tick retries.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            if (now - _lastRead > StaleAfter)
            {
                if (!_stale)
                {
                    _stale = true;
                    Log.ChangeLogUnreadable(logger, exception);
                }

                local.Reset();
            }
        }
    }
}
