using System.Data.Common;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Cluster;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// The AccessKey change log every node reads (<see cref="IAccessKeyChangeLog"/>) and the cluster's
/// node registry (<see cref="IClusterNodeStore"/>), once for both databases. The other shared
/// stores append to the log inside their own transactions through <see cref="AppendKeyChangesAsync"/>
/// and <see cref="KeyChangeAsync"/>.
/// </summary>
public sealed class SqlChangeLogStore(IPolicySqlDialect dialect) : IAccessKeyChangeLog, IClusterNodeStore
{
    /// <summary>
    /// Appends the change of <paramref name="accessKeyId"/> (or of every key of
    /// <paramref name="userId"/>) to the change log inside the caller's write transaction, as its
    /// last statement before commit. Sequences are handed out in commit order (SQLite serialises
    /// writers; PostgreSQL takes <see cref="IPolicySqlDialect.LockChangeLog"/>, held to commit), so a
    /// reader never skips a change that commits after one it has read.
    /// </summary>
    public Task AppendKeyChangesAsync(DbConnection connection, DbTransaction transaction, string? accessKeyId, string? userId, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        AppendAsync(dialect, connection, transaction, accessKeyId, changedAt, cancellationToken, userId);

    /// <summary><see cref="AppendKeyChangesAsync"/> for any subject (an AccessKeyId, <c>permissions:&lt;AccountId&gt;</c>), for stores that hold only the dialect.</summary>
    public static async Task AppendAsync(IPolicySqlDialect dialect, DbConnection connection, DbTransaction transaction, string? subject, DateTimeOffset changedAt, CancellationToken cancellationToken, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (dialect.LockChangeLog is { } lockChangeLog)
        {
            await ExecuteAsync(connection, transaction, lockChangeLog, cancellationToken);
        }

        var now = Ticks.From(changedAt);
        if (subject is not null)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO access_key_changes (access_key_id, changed_at) VALUES (@id, @at)", cancellationToken, ("@id", subject), ("@at", now));
        }

        if (userId is not null)
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO access_key_changes (access_key_id, changed_at) SELECT access_key_id, @at FROM access_keys WHERE user_id = @u ORDER BY access_key_id",
                cancellationToken,
                ("@u", userId),
                ("@at", now));
        }
    }

    /// <summary>Deletes the guard (network policy, canary flag, leak restriction) of keys that leave for good; leak reports stay as the account's history.</summary>
    public const string ForgetKeyGuardSql = "DELETE FROM access_key_guards WHERE access_key_id = @id";

    /// <summary>A change of one key in one statement, with its audit event and change-log row, in one transaction; <paramref name="noRow"/> (and nothing written) when the statement touches no row.</summary>
    public Task<Result> KeyChangeAsync(string sql, string accessKeyId, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        KeyChangeCoreAsync(sql, forgetGuard: false, accessKeyId, noRow, audit, parameters, cancellationToken);

    /// <summary>
    /// As <see cref="KeyChangeAsync(string, string, ApiError, AuditEvent, CancellationToken, ValueTuple{string, object}[])"/>
    /// for a statement that deletes the key for good: its guard goes in the same transaction, so
    /// nothing of it is left for a later key to meet.
    /// </summary>
    public Task<Result> KeyDeleteAsync(string sql, string accessKeyId, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        KeyChangeCoreAsync(sql, forgetGuard: true, accessKeyId, noRow, audit, parameters, cancellationToken);

    private async Task<Result> KeyChangeCoreAsync(string sql, bool forgetGuard, string accessKeyId, ApiError noRow, AuditEvent audit, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters) == 0)
        {
            return noRow;
        }

        if (forgetGuard)
        {
            await ExecuteAsync(connection, transaction, ForgetKeyGuardSql, cancellationToken, ("@id", accessKeyId));
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await AppendKeyChangesAsync(connection, transaction, accessKeyId, null, audit.Time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task AppendChangeAsync(string subject, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await AppendKeyChangesAsync(connection, transaction, subject, null, changedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> GetLatestAccessKeyChangeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT coalesce(max(seq), 0) FROM access_key_changes");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<AccessKeyChange>> ReadAccessKeyChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT seq, access_key_id FROM access_key_changes WHERE seq > @after ORDER BY seq LIMIT @limit",
            ("@after", afterSequence),
            ("@limit", limit));
        return await ReadListAsync(command, reader => new AccessKeyChange(reader.GetInt64(0), reader.GetString(1)), cancellationToken);
    }

    public async Task<int> PruneAccessKeyChangesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "DELETE FROM access_key_changes WHERE changed_at < @before", cancellationToken, ("@before", Ticks.From(before)));
    }

    public async Task RegisterNodeAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO cluster_nodes (node_id, host_name, process_id, shares_state, started_at, heartbeats, last_heartbeat)
            VALUES (@id, @host, @pid, @shares, @started, @beats, @last)
            ON CONFLICT (node_id) DO UPDATE SET host_name = excluded.host_name, process_id = excluded.process_id,
                shares_state = excluded.shares_state, started_at = excluded.started_at, heartbeats = excluded.heartbeats,
                last_heartbeat = excluded.last_heartbeat
            """,
            cancellationToken,
            ("@id", node.NodeId),
            ("@host", node.HostName),
            ("@pid", node.ProcessId),
            ("@shares", node.SharesState),
            ("@started", Ticks.From(node.StartedAt)),
            ("@beats", node.Heartbeats),
            ("@last", Ticks.From(node.LastHeartbeat)));
    }

    public async Task<bool> HeartbeatNodeAsync(string nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            "UPDATE cluster_nodes SET heartbeats = heartbeats + 1, last_heartbeat = @now WHERE node_id = @id",
            cancellationToken,
            ("@id", nodeId),
            ("@now", Ticks.From(now))) > 0;
    }

    public async Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT node_id, host_name, process_id, shares_state, started_at, heartbeats, last_heartbeat FROM cluster_nodes ORDER BY node_id");
        return await ReadListAsync(
            command,
            reader => new ClusterNode(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), Ticks.To(reader.GetInt64(4)), reader.GetInt64(5), Ticks.To(reader.GetInt64(6))),
            cancellationToken);
    }

    public async Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM cluster_nodes WHERE node_id = @id", cancellationToken, ("@id", nodeId));
    }
}
