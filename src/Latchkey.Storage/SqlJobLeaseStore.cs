using Latchkey.Core.Cluster;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>Job leases (one node runs a periodic job at a time), once for both databases.</summary>
public sealed class SqlJobLeaseStore(IPolicySqlDialect dialect) : IJobLeaseStore
{
    public async Task<bool> TryAcquireJobLeaseAsync(string jobName, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, DateTimeOffset dueIfCompletedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "INSERT INTO job_leases (job_name, lease_holder, lease_until, last_completed) VALUES (@job, NULL, 0, NULL) ON CONFLICT (job_name) DO NOTHING", cancellationToken, ("@job", jobName));
        var taken = await ExecuteAsync(
            connection,
            transaction,
            """
            UPDATE job_leases SET lease_holder = @holder, lease_until = @until
            WHERE job_name = @job AND lease_until <= @now AND (last_completed IS NULL OR last_completed <= @due)
            """,
            cancellationToken,
            ("@job", jobName),
            ("@holder", holder),
            ("@until", Ticks.From(leaseUntil)),
            ("@now", Ticks.From(now)),
            ("@due", Ticks.From(dueIfCompletedBy)));
        await transaction.CommitAsync(cancellationToken);
        return taken == 1;
    }

    public async Task CompleteJobAsync(string jobName, string holder, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "UPDATE job_leases SET last_completed = @at, lease_holder = NULL, lease_until = 0 WHERE job_name = @job AND lease_holder = @holder",
            cancellationToken,
            ("@job", jobName),
            ("@holder", holder),
            ("@at", Ticks.From(completedAt)));
    }

    public async Task<DateTimeOffset?> GetJobLastCompletedAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT last_completed FROM job_leases WHERE job_name = @job", ("@job", jobName));
        return await command.ExecuteScalarAsync(cancellationToken) is long ticks ? Ticks.To(ticks) : null;
    }
}
