using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.Sqlite;

public sealed partial class SqliteLatchkeyStore
{
    public Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyChangeAsync(
            "UPDATE access_keys SET recycle_date = $recycled, purge_date = $purge WHERE access_key_id = $id AND recycle_date IS NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("$id", accessKeyId),
            ("$recycled", Ticks.From(recycleDate)),
            ("$purge", Ticks.From(purgeDate)));

    public async Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RecycledKeyColumns} FROM access_keys WHERE access_key_id = $id AND recycle_date IS NOT NULL", ("$id", accessKeyId));
        return (await ReadSingleAsync(command, Rows.StoredAccessKey, cancellationToken))?.Key;
    }

    public async Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {RecycledKeyColumns} FROM access_keys WHERE account_id = $a AND user_id IS $u AND recycle_date IS NOT NULL ORDER BY recycle_date, access_key_id",
            ("$a", accountId),
            ("$u", userId));
        return await ReadListAsync(command, reader => Rows.StoredAccessKey(reader).Key, cancellationToken);
    }

    public async Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = BeginWrite(connection);

        // Counts and restores while this transaction holds the write lock (BEGIN IMMEDIATE), like AddAccessKeyAsync.
        var restored = await ExecuteAsync(
            connection,
            transaction,
            """
            UPDATE access_keys SET recycle_date = NULL, purge_date = NULL, update_date = $updated
            WHERE access_key_id = $id AND recycle_date IS NOT NULL
              AND (SELECT count(*) FROM access_keys live
                   WHERE live.account_id = access_keys.account_id AND live.user_id IS access_keys.user_id AND live.recycle_date IS NULL) < $limit
            """,
            cancellationToken,
            ("$id", accessKeyId),
            ("$updated", Ticks.From(updateDate)),
            ("$limit", limit));
        if (restored == 0)
        {
            return await ExistsAsync(connection, transaction, "SELECT 1 FROM access_keys WHERE access_key_id = $id AND recycle_date IS NOT NULL", cancellationToken, ("$id", accessKeyId))
                ? Errors.AccessKey.RestoreLimitExceeded
                : Errors.AccessKey.UserKeyNotFound;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await AppendKeyChangesAsync(connection, transaction, accessKeyId, null, audit.Time, cancellationToken);
        transaction.Commit();
        return Result.Success;
    }

    public Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyChangeAsync(
            "DELETE FROM access_keys WHERE access_key_id = $id AND recycle_date IS NOT NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("$id", accessKeyId));

    public async Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {RecycledKeyColumns} FROM access_keys WHERE purge_date IS NOT NULL AND purge_date <= $now ORDER BY purge_date, access_key_id LIMIT $limit",
            ("$now", Ticks.From(now)),
            ("$limit", limit));
        return await ReadListAsync(command, reader => Rows.StoredAccessKey(reader).Key, cancellationToken);
    }
}
