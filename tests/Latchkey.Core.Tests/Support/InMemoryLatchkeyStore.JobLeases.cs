namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<string, (string? Holder, DateTimeOffset LeaseUntil, DateTimeOffset? LastCompleted)> _jobLeases = new(StringComparer.Ordinal);

    public Task<bool> TryAcquireJobLeaseAsync(string jobName, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, DateTimeOffset dueIfCompletedBy, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var row = _jobLeases.GetValueOrDefault(jobName, (null, DateTimeOffset.MinValue, null));
            if (row.LeaseUntil > now || (row.LastCompleted is { } last && last > dueIfCompletedBy))
            {
                return Task.FromResult(false);
            }

            _jobLeases[jobName] = (holder, leaseUntil, row.LastCompleted);
            return Task.FromResult(true);
        }
    }

    public Task CompleteJobAsync(string jobName, string holder, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_jobLeases.TryGetValue(jobName, out var row) && row.Holder == holder)
            {
                _jobLeases[jobName] = (null, DateTimeOffset.MinValue, completedAt);
            }

            return Task.CompletedTask;
        }
    }

    public Task<DateTimeOffset?> GetJobLastCompletedAsync(string jobName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_jobLeases.TryGetValue(jobName, out var row) ? row.LastCompleted : null);
        }
    }
}
