using Latchkey.Core.Audit;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// The key guard (network policies, canaries, leak reports: <see cref="IAccessKeyGuardStore"/>) and
/// the hourly usage counters (<see cref="IAccessKeyUsageStore"/>) once for both databases; a guard
/// change appends the key to the change log in its transaction.
/// </summary>
public sealed class SqlKeyGuardStore(IPolicySqlDialect dialect, SqlChangeLogStore changeLog) : IAccessKeyGuardStore, IAccessKeyUsageStore
{
    private const string HourUpsert = """
        INSERT INTO access_key_usage_hours (access_key_id, hour, calls, refusals, outside_policy) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (access_key_id, hour) DO UPDATE SET calls = access_key_usage_hours.calls + excluded.calls, refusals = access_key_usage_hours.refusals + excluded.refusals, outside_policy = access_key_usage_hours.outside_policy + excluded.outside_policy
        """;

    private const string SourceUpsert = """
        INSERT INTO access_key_usage_sources (access_key_id, day, source_ip, calls, outside_policy) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (access_key_id, day, source_ip) DO UPDATE SET calls = access_key_usage_sources.calls + excluded.calls, outside_policy = access_key_usage_sources.outside_policy + excluded.outside_policy
        """;

    public async Task<AccessKeyGuard?> FindAccessKeyGuardAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {KeyGuardRows.GuardColumns} FROM access_key_guards WHERE access_key_id = @id", ("@id", accessKeyId));
        return await ReadSingleAsync(command, KeyGuardRows.Guard, cancellationToken);
    }

    public Task<Result> SetAccessKeyNetworkPolicyAsync(string accessKeyId, string? document, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);

        // The WHERE both keeps a guard from outliving a key that is already gone and settles SQLite's
        // UPSERT parse (an INSERT … SELECT before ON CONFLICT needs one).
        return changeLog.KeyChangeAsync(
            """
            INSERT INTO access_key_guards (access_key_id, network_policy, update_date)
            SELECT @id, CAST(@policy AS text), @at WHERE EXISTS (SELECT 1 FROM access_keys WHERE access_key_id = @id)
            ON CONFLICT (access_key_id) DO UPDATE SET network_policy = excluded.network_policy, update_date = excluded.update_date
            """,
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId),
            ("@policy", document),
            ("@at", Ticks.From(audit.Time)));
    }

    public Task<Result> MarkAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return changeLog.KeyChangeAsync(
            """
            INSERT INTO access_key_guards (access_key_id, canary, update_date)
            SELECT @id, true, @at WHERE EXISTS (SELECT 1 FROM access_keys WHERE access_key_id = @id)
            ON CONFLICT (access_key_id) DO UPDATE SET canary = true, update_date = excluded.update_date
            """,
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId),
            ("@at", Ticks.From(audit.Time)));
    }

    public async Task<bool> TripAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var tripped = await changeLog.KeyChangeAsync(
            "UPDATE access_key_guards SET canary_tripped_at = @at, update_date = @at WHERE access_key_id = @id AND canary = true AND canary_tripped_at IS NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId),
            ("@at", Ticks.From(audit.Time)));
        return tripped.IsSuccess;
    }

    public async Task<Result> RecordLeakReportAsync(LeakReport report, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(audit);
        var at = Ticks.From(report.ReportedAt);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var applied = report.Action == LeakAction.Disable
            ? await ExecuteAsync(connection, transaction, "UPDATE access_keys SET status = 'Inactive', update_date = @at WHERE access_key_id = @id", cancellationToken, ("@id", report.AccessKeyId), ("@at", at))
            : await ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO access_key_guards (access_key_id, restricted_at, update_date)
                SELECT @id, @at, @at WHERE EXISTS (SELECT 1 FROM access_keys WHERE access_key_id = @id)
                ON CONFLICT (access_key_id) DO UPDATE SET restricted_at = coalesce(access_key_guards.restricted_at, excluded.restricted_at), update_date = excluded.update_date
                """,
                cancellationToken,
                ("@id", report.AccessKeyId),
                ("@at", at));
        if (applied == 0)
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        await ExecuteAsync(
            connection,
            transaction,
            $"INSERT INTO access_key_leak_reports ({KeyGuardRows.ReportColumns}) VALUES (@rid, @id, @a, @at, @source, @url, @action)",
            cancellationToken,
            ("@rid", report.ReportId),
            ("@id", report.AccessKeyId),
            ("@a", report.AccountId),
            ("@at", at),
            ("@source", report.Source),
            ("@url", report.Url),
            ("@action", report.Action.ToString()));
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await changeLog.AppendKeyChangesAsync(connection, transaction, report.AccessKeyId, null, audit.Time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<IReadOnlyList<LeakReport>> ListLeakReportsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {KeyGuardRows.ReportColumns} FROM access_key_leak_reports WHERE account_id = @a ORDER BY reported_at DESC, report_id LIMIT 100",
            ("@a", accountId));
        return await ReadListAsync(command, KeyGuardRows.Report, cancellationToken);
    }

    public async Task RecordAccessKeyUsageAsync(IReadOnlyCollection<AccessKeyUsageHour> hours, IReadOnlyCollection<AccessKeyUsageSource> sources, CancellationToken cancellationToken)
    {
        var (orderedHours, orderedSources) = KeyGuardRows.Ordered(hours, sources);
        if (orderedHours.Count == 0 && orderedSources.Count == 0)
        {
            return;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        // Rows in key order, so two nodes flushing overlapping batches never deadlock (one round trip on PostgreSQL).
        await dialect.ExecuteBatchAsync(
            connection,
            transaction,
            [
                .. orderedHours.Select(hour => (HourUpsert, new object?[] { hour.AccessKeyId, Ticks.From(hour.Hour), hour.Calls, hour.Refusals, hour.OutsidePolicy })),
                .. orderedSources.Select(source => (SourceUpsert, new object?[] { source.AccessKeyId, Ticks.From(source.Day), source.SourceIp, source.Calls, source.OutsidePolicy })),
            ],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AccessKeyUsageHour>> ReadAccessKeyUsageAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT access_key_id, hour, calls, refusals, outside_policy FROM access_key_usage_hours WHERE access_key_id = @id AND hour >= @since ORDER BY hour",
            ("@id", accessKeyId),
            ("@since", Ticks.From(since)));
        return await ReadListAsync(command, KeyGuardRows.Hour, cancellationToken);
    }

    public async Task<IReadOnlyList<AccessKeyUsageSource>> ReadAccessKeyUsageSourcesAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT access_key_id, day, source_ip, calls, outside_policy FROM access_key_usage_sources WHERE access_key_id = @id AND day >= @since ORDER BY day, source_ip",
            ("@id", accessKeyId),
            ("@since", Ticks.From(since)));
        return await ReadListAsync(command, KeyGuardRows.Source, cancellationToken);
    }

    public async Task<int> PruneAccessKeyUsageAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var hours = await ExecuteAsync(connection, transaction, "DELETE FROM access_key_usage_hours WHERE hour < @before", cancellationToken, ("@before", Ticks.From(before)));
        var days = await ExecuteAsync(connection, transaction, "DELETE FROM access_key_usage_sources WHERE day < @before", cancellationToken, ("@before", Ticks.From(before)));
        await transaction.CommitAsync(cancellationToken);
        return hours + days;
    }
}
