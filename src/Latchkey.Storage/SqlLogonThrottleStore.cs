using Latchkey.Core.Logons;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>Console logon throttles, once for both databases: prune and one upsert with RETURNING in a write transaction.</summary>
public sealed class SqlLogonThrottleStore(IPolicySqlDialect dialect) : ILogonThrottleStore
{
    // One statement decides and counts, so concurrent failures on any node each count once.
    // "fresh": the lock ran out, or the window ended without a lock; the count starts again.
    private const string RecordLogonFailureSql = """
        INSERT INTO logon_throttles AS t (logon_key, failures, window_end, locked_until)
        VALUES (@key, 1, @window_end, CASE WHEN 1 >= @max THEN @locked_until ELSE NULL END)
        ON CONFLICT (logon_key) DO UPDATE SET
            failures = CASE WHEN (CASE WHEN t.locked_until IS NOT NULL THEN t.locked_until <= @now ELSE t.window_end <= @now END) THEN 1 ELSE t.failures + 1 END,
            window_end = CASE WHEN (CASE WHEN t.locked_until IS NOT NULL THEN t.locked_until <= @now ELSE t.window_end <= @now END) THEN @window_end ELSE t.window_end END,
            locked_until = CASE
                WHEN t.locked_until IS NOT NULL AND t.locked_until > @now THEN t.locked_until
                WHEN (CASE WHEN (CASE WHEN t.locked_until IS NOT NULL THEN t.locked_until <= @now ELSE t.window_end <= @now END) THEN 1 ELSE t.failures + 1 END) >= @max THEN @locked_until
                ELSE NULL END
        RETURNING failures, window_end, locked_until
        """;

    // Past its window by a whole lock duration, a row can hold neither a count nor a lock.
    private const string PruneLogonThrottlesSql =
        "DELETE FROM logon_throttles WHERE window_end <= @stale AND (locked_until IS NULL OR locked_until <= @now)";

    public async Task<LogonThrottle> RecordLogonFailureAsync(string logonKey, DateTimeOffset now, LogonThrottleRule rule, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logonKey);
        ArgumentNullException.ThrowIfNull(rule);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            PruneLogonThrottlesSql,
            cancellationToken,
            ("@stale", Ticks.From(now - rule.LockDuration)),
            ("@now", Ticks.From(now)));
        await using var command = Command(
            connection,
            transaction,
            RecordLogonFailureSql,
            ("@key", logonKey),
            ("@now", Ticks.From(now)),
            ("@window_end", Ticks.From(now + rule.Window)),
            ("@locked_until", Ticks.From(now + rule.LockDuration)),
            ("@max", rule.MaxFailures));
        var row = await ReadSingleAsync(command, Rows.LogonThrottle, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row!;
    }

    public async Task<LogonThrottle?> FindLogonThrottleAsync(string logonKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logonKey);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT failures, window_end, locked_until FROM logon_throttles WHERE logon_key = @key",
            ("@key", logonKey));
        return await ReadSingleAsync(command, Rows.LogonThrottle, cancellationToken);
    }

    public async Task ResetLogonFailuresAsync(string logonKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logonKey);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM logon_throttles WHERE logon_key = @key", cancellationToken, ("@key", logonKey));
    }
}
