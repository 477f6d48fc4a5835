using System.Data.Common;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IAccessKeyRotationStore"/> once for both databases, like <see cref="SqlRoleStore"/>.
/// A start locks the account row (PostgreSQL; SQLite's write transaction serialises writers anyway)
/// before checking that neither key is in an open rotation; the partial unique indexes of
/// migration 0100 back it up. State changes are conditional on the state the caller read.
/// </summary>
public sealed class SqlAccessKeyRotationStore(IPolicySqlDialect dialect) : IAccessKeyRotationStore
{
    private const string Columns =
        "rotation_id, account_id, user_id, old_access_key_id, new_access_key_id, grace_ticks, recycle_hold_ticks, started_at, started_by, state, state_changed_at, last_seen_use, observed_calls, end_reason";

    private const string Open = "state IN ('Waiting', 'Disabled')";

    public async Task<Result> AddAccessKeyRotationAsync(AccessKeyRotation rotation, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var p = Parameters(rotation);
        await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForUpdate, cancellationToken, p);
        if (await ExistsAsync(
                connection,
                transaction,
                $"SELECT 1 FROM access_key_rotations WHERE {Open} AND (old_access_key_id IN (@old, @new) OR new_access_key_id IN (@old, @new))",
                cancellationToken,
                p))
        {
            return Errors.Rotation.InProgress;
        }

        try
        {
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO access_key_rotations ({Columns}) VALUES (@id, @a, @u, @old, @new, @grace, @hold, @started, @by, @state, @changed, @seen, @calls, @reason)",
                cancellationToken,
                p);
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return Errors.Rotation.InProgress;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<AccessKeyRotation?> FindAccessKeyRotationAsync(string rotationId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM access_key_rotations WHERE rotation_id = @id", ("@id", rotationId));
        return await ReadSingleAsync(command, Read, cancellationToken);
    }

    public async Task<AccessKeyRotation?> FindOpenAccessKeyRotationAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {Columns} FROM access_key_rotations WHERE {Open} AND (old_access_key_id = @k OR new_access_key_id = @k) ORDER BY started_at DESC",
            ("@k", accessKeyId));
        return await ReadSingleAsync(command, Read, cancellationToken);
    }

    public async Task<IReadOnlyList<AccessKeyRotation>> ListAccessKeyRotationsAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {Columns} FROM access_key_rotations WHERE account_id = @a AND ({Open} OR state_changed_at >= @since) ORDER BY started_at DESC, rotation_id DESC",
            ("@a", accountId),
            ("@since", Ticks.From(since)));
        return await ReadListAsync(command, Read, cancellationToken);
    }

    public async Task<IReadOnlyList<AccessKeyRotation>> ListOpenAccessKeyRotationsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {Columns} FROM access_key_rotations WHERE {Open} ORDER BY started_at, rotation_id LIMIT @limit",
            ("@limit", (long)limit));
        return await ReadListAsync(command, Read, cancellationToken);
    }

    public async Task<bool> UpdateAccessKeyRotationAsync(AccessKeyRotation rotation, AccessKeyRotationState expected, AuditEvent? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [.. Parameters(rotation), ("@expected", expected.ToString())];
        var changed = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE access_key_rotations SET state = @state, state_changed_at = @changed, last_seen_use = @seen, observed_calls = @calls, end_reason = @reason WHERE rotation_id = @id AND state = @expected",
            cancellationToken,
            p);
        if (changed == 0)
        {
            return false;
        }

        if (audit is not null)
        {
            await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> DeleteFinishedAccessKeyRotationsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var deleted = await ExecuteAsync(
            connection,
            transaction,
            $"DELETE FROM access_key_rotations WHERE NOT ({Open}) AND state_changed_at < @before",
            cancellationToken,
            ("@before", Ticks.From(before)));
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private static (string, object?)[] Parameters(AccessKeyRotation r) =>
    [
        ("@id", r.RotationId),
        ("@a", r.AccountId),
        ("@u", r.UserId),
        ("@old", r.OldAccessKeyId),
        ("@new", r.NewAccessKeyId),
        ("@grace", r.GracePeriod.Ticks),
        ("@hold", r.RecycleHold.Ticks),
        ("@started", Ticks.From(r.StartedAt)),
        ("@by", r.StartedBy),
        ("@state", r.State.ToString()),
        ("@changed", Ticks.From(r.StateChangedAt)),
        ("@seen", Ticks.From(r.LastSeenUse)),
        ("@calls", r.ObservedCalls),
        ("@reason", r.EndReason),
    ];

    private static AccessKeyRotation Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        TimeSpan.FromTicks(reader.GetInt64(5)),
        TimeSpan.FromTicks(reader.GetInt64(6)),
        Ticks.To(reader.GetInt64(7)),
        reader.GetString(8),
        Enum.Parse<AccessKeyRotationState>(reader.GetString(9)),
        Ticks.To(reader.GetInt64(10)),
        Ticks.To(reader.GetInt64(11)),
        reader.GetInt64(12),
        reader.IsDBNull(13) ? null : reader.GetString(13));
}
