using Latchkey.Core.KeyGuard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Writes the batched usage counters of AccessKeys every few seconds and on shutdown, and once an
/// hour forgets counters older than <see cref="KeyUsageRecorder.Retention"/>.
/// </summary>
internal sealed partial class KeyUsageFlushService(KeyUsageRecorder recorder, IAccessKeyUsageStore store, TimeProvider time, ILogger<KeyUsageFlushService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var lastPrune = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync(recorder.FlushAsync, stoppingToken);
                var now = time.GetUtcNow();
                if (now - lastPrune >= PruneEvery)
                {
                    lastPrune = now;
                    await RunAsync(ct => store.PruneAccessKeyUsageAsync(now - KeyUsageRecorder.Retention, ct), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await RunAsync(recorder.FlushAsync, cancellationToken);
    }

    private async Task RunAsync(Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken);
        }
#pragma warning disable CA1031 // A failed flush must not stop the service; the next tick retries.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(9101, LogLevel.Warning, "Writing or pruning AccessKey usage counters failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
