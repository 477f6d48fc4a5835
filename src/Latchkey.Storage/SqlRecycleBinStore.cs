using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// The AccessKey recycle bin (<see cref="IAccessKeyRecycleBinStore"/>) once for both databases: a
/// restore locks the owner row like <see cref="SqlAccessKeyStore.AddAccessKeyAsync"/>, so restores
/// and adds for one owner queue and the per-owner limit holds.
/// </summary>
public sealed class SqlRecycleBinStore(IPolicySqlDialect dialect, SqlChangeLogStore changeLog) : IAccessKeyRecycleBinStore
{
    public Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken) =>
        changeLog.KeyChangeAsync(
            "UPDATE access_keys SET recycle_date = @recycled, purge_date = @purge WHERE access_key_id = @id AND recycle_date IS NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId),
            ("@recycled", Ticks.From(recycleDate)),
            ("@purge", Ticks.From(purgeDate)));

    public async Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SqlColumns.RecycledAccessKey} FROM access_keys WHERE access_key_id = @id AND recycle_date IS NOT NULL", ("@id", accessKeyId));
        return (await ReadSingleAsync(command, Rows.StoredAccessKey, cancellationToken))?.Key;
    }

    public async Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = userId is null
            ? Command(connection, null, $"SELECT {SqlColumns.RecycledAccessKey} FROM access_keys WHERE account_id = @a AND user_id IS NULL AND recycle_date IS NOT NULL ORDER BY recycle_date, access_key_id", ("@a", accountId))
            : Command(connection, null, $"SELECT {SqlColumns.RecycledAccessKey} FROM access_keys WHERE account_id = @a AND user_id = @u AND recycle_date IS NOT NULL ORDER BY recycle_date, access_key_id", ("@a", accountId), ("@u", userId));
        return await ReadListAsync(command, reader => Rows.StoredAccessKey(reader).Key, cancellationToken);
    }

    public async Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await using (var find = Command(connection, transaction, "SELECT account_id, user_id FROM access_keys WHERE access_key_id = @id AND recycle_date IS NOT NULL", ("@id", accessKeyId)))
        {
            var owners = await ReadListAsync(find, reader => (AccountId: reader.GetString(0), UserId: reader.IsDBNull(1) ? null : reader.GetString(1)), cancellationToken);
            if (owners.Count == 0)
            {
                return Errors.AccessKey.UserKeyNotFound;
            }

            var owner = owners[0];

            // The owner's row lock, as AddAccessKeyAsync takes it (SQLite: the write transaction):
            // concurrent restores and adds for one owner queue, and each counts the keys committed before it.
            var ownerFound = owner.UserId is null
                ? await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForNoKeyUpdate, cancellationToken, ("@a", owner.AccountId))
                : await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE user_id = @u" + dialect.ForNoKeyUpdate, cancellationToken, ("@u", owner.UserId));
            if (!ownerFound)
            {
                return Errors.AccessKey.UserKeyNotFound;
            }

            await using var count = owner.UserId is null
                ? Command(connection, transaction, "SELECT count(*) FROM access_keys WHERE account_id = @a AND user_id IS NULL AND recycle_date IS NULL", ("@a", owner.AccountId))
                : Command(connection, transaction, "SELECT count(*) FROM access_keys WHERE user_id = @u AND recycle_date IS NULL", ("@u", owner.UserId));
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= limit)
            {
                return Errors.AccessKey.RestoreLimitExceeded;
            }
        }

        var restored = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE access_keys SET recycle_date = NULL, purge_date = NULL, update_date = @updated WHERE access_key_id = @id AND recycle_date IS NOT NULL",
            cancellationToken,
            ("@id", accessKeyId),
            ("@updated", Ticks.From(updateDate)));
        if (restored == 0)
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await changeLog.AppendKeyChangesAsync(connection, transaction, accessKeyId, null, audit.Time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        changeLog.KeyDeleteAsync(
            "DELETE FROM access_keys WHERE access_key_id = @id AND recycle_date IS NOT NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId));

    public async Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {SqlColumns.RecycledAccessKey} FROM access_keys WHERE purge_date IS NOT NULL AND purge_date <= @now ORDER BY purge_date, access_key_id LIMIT @limit",
            ("@now", Ticks.From(now)),
            ("@limit", limit));
        return await ReadListAsync(command, reader => Rows.StoredAccessKey(reader).Key, cancellationToken);
    }
}
