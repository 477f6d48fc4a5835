namespace Latchkey.Core.Cluster;

/// <summary>
/// One row per scheduled job: when it last completed and who holds it now. A node runs a job only
/// after taking its lease, so a job that is due runs on one node of many, once per period.
/// </summary>
public interface IJobLeaseStore
{
    /// <summary>
    /// Takes the lease of <paramref name="jobName"/> for <paramref name="holder"/> until
    /// <paramref name="leaseUntil"/> when the job is due (never completed, or last completed at or
    /// before <paramref name="dueIfCompletedBy"/>) and no live lease is held (its end is at or
    /// before <paramref name="now"/>). True when taken; atomic across nodes.
    /// </summary>
    Task<bool> TryAcquireJobLeaseAsync(string jobName, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, DateTimeOffset dueIfCompletedBy, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="holder"/> completed the job at <paramref name="completedAt"/> and frees the lease.</summary>
    Task CompleteJobAsync(string jobName, string holder, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>When the job last completed; null when never.</summary>
    Task<DateTimeOffset?> GetJobLastCompletedAsync(string jobName, CancellationToken cancellationToken);
}
