using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Latchkey.Core.Cluster;

/// <summary>
/// Runs each due <see cref="IScheduledJob"/> on whichever node takes its lease first. A node that
/// dies while holding a lease holds it at most <see cref="LeaseLength"/>; then another node runs
/// the job. Time comes from the injected <see cref="TimeProvider"/>, so tests move it by hand.
/// </summary>
public sealed partial class ScheduledJobRunner
{
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(30);

    private readonly IJobLeaseStore _leases;
    private readonly IReadOnlyList<IScheduledJob> _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduledJobRunner> _logger;

    public ScheduledJobRunner(IJobLeaseStore leases, IEnumerable<IScheduledJob> jobs, TimeProvider time, ILogger<ScheduledJobRunner> logger)
    {
        _leases = leases;
        _jobs = [.. jobs];
        _time = time;
        _logger = logger;
    }

    /// <summary>This runner's name in the lease table (host, process, random part).</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public IReadOnlyList<IScheduledJob> Jobs => _jobs;

    /// <summary>Runs every job that is due and whose lease this node takes; returns the names of those it ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = new List<string>();
        foreach (var job in _jobs)
        {
            var now = _time.GetUtcNow();
            if (!await _leases.TryAcquireJobLeaseAsync(job.Name, Holder, now, now + LeaseLength, now - job.Period, cancellationToken))
            {
                continue;
            }

            try
            {
                await job.RunAsync(cancellationToken);
                await _leases.CompleteJobAsync(job.Name, Holder, _time.GetUtcNow(), cancellationToken);
                ran.Add(job.Name);
                LogJobRan(_logger, job.Name);
            }
#pragma warning disable CA1031 // A failing job must not stop the others; its lease lapses and it runs again.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogJobFailed(_logger, job.Name, exception);
            }
        }

        return ran;
    }

    [LoggerMessage(2101, LogLevel.Information, "Scheduled job {JobName} ran on this node")]
    private static partial void LogJobRan(ILogger logger, string jobName);

    [LoggerMessage(2102, LogLevel.Error, "Scheduled job {JobName} failed; it runs again once its lease lapses")]
    private static partial void LogJobFailed(ILogger logger, string jobName, Exception exception);
}
