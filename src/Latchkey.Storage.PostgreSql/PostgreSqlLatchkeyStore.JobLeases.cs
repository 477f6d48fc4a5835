
namespace Latchkey.Storage.PostgreSql;

/// <summary>Job leases: the behaviour is <see cref="SqlJobLeaseStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlJobLeaseStore? _jobLeasesStore;

    private SqlJobLeaseStore JobLeases => _jobLeasesStore ??= new SqlJobLeaseStore(Dialect);

    public Task<bool> TryAcquireJobLeaseAsync(string jobName, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, DateTimeOffset dueIfCompletedBy, CancellationToken cancellationToken) =>
        JobLeases.TryAcquireJobLeaseAsync(jobName, holder, now, leaseUntil, dueIfCompletedBy, cancellationToken);

    public Task CompleteJobAsync(string jobName, string holder, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        JobLeases.CompleteJobAsync(jobName, holder, completedAt, cancellationToken);

    public Task<DateTimeOffset?> GetJobLastCompletedAsync(string jobName, CancellationToken cancellationToken) =>
        JobLeases.GetJobLastCompletedAsync(jobName, cancellationToken);
}
