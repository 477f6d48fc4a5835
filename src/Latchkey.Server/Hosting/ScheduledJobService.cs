using Latchkey.Core;
using Latchkey.Core.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Every AccessKeyLifecycle:CheckInterval, runs the scheduled jobs that are due (idle keys,
/// recycle-bin purge, rotations); each runs on the one node that takes its lease.
/// </summary>
internal sealed class ScheduledJobService(ScheduledJobRunner runner, IOptions<AccessKeyLifecycleOptions> options, TimeProvider time, ILogger<ScheduledJobService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobs)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            do
            {
                try
                {
                    await runner.RunDueAsync(stoppingToken);
                }
#pragma warning disable CA1031 // The store may be down for a moment; the next tick tries again.
                catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Log.ScheduledJobsFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
