using Latchkey.Core.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>Writes batched AccessKey last-use records off the request path, and once more on shutdown.</summary>
internal sealed class LastUseFlushService(LastUseRecorder recorder, TimeProvider time, ILogger<LastUseFlushService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(force: false, stoppingToken);
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
        await FlushAsync(force: true, cancellationToken);
    }

    private async Task FlushAsync(bool force, CancellationToken cancellationToken)
    {
        try
        {
            await (force ? recorder.FlushAllAsync(cancellationToken) : recorder.FlushAsync(cancellationToken));
        }
#pragma warning disable CA1031 // A failed flush must not stop the service; the next tick retries.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.LastUseFlushFailed(logger, exception);
        }
    }
}
