using System.Data.Common;
using System.Runtime.CompilerServices;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IAccessKeyStore"/> once for both databases. The per-owner limit holds because the
/// owner row is locked (<see cref="IPolicySqlDialect.ForNoKeyUpdate"/>; SQLite's write transaction
/// serialises every writer) before one statement counts and inserts; every change appends to the
/// change log in its transaction.
/// </summary>
public sealed class SqlAccessKeyStore(IPolicySqlDialect dialect, SqlChangeLogStore changeLog) : IAccessKeyStore
{
    private const string LastUseUpdate = """
        UPDATE access_keys SET last_used_date = $2, last_used_service = $3, last_used_action = $4, last_used_ip = $5
        WHERE access_key_id = $1 AND (last_used_date IS NULL OR last_used_date < $2)
        """;

    public async Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Key;
        var parameters = StoreParameters.AccessKey('@', key, limit);

        // One statement holds the key and its secret; it counts and inserts while this
        // transaction holds the owner's row lock (below), so concurrent adds for one owner on any
        // node queue and each sees the keys committed before it.
        var sql = k.UserId is null
            ? $"""
              INSERT INTO access_keys ({SqlColumns.AccessKey})
              SELECT @id, @account_id, NULL, @status, @created, @updated, @version, @secret, CAST(@used AS bigint), CAST(@service AS text), CAST(@action AS text), CAST(@ip AS text), @format
              WHERE (SELECT count(*) FROM access_keys WHERE account_id = @account_id AND user_id IS NULL AND recycle_date IS NULL) < @limit
              """
            : $"""
              INSERT INTO access_keys ({SqlColumns.AccessKey})
              SELECT @id, @account_id, @user_id, @status, @created, @updated, @version, @secret, CAST(@used AS bigint), CAST(@service AS text), CAST(@action AS text), CAST(@ip AS text), @format
              WHERE (SELECT count(*) FROM access_keys WHERE user_id = @user_id AND recycle_date IS NULL) < @limit
              """;

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var ownerFound = k.UserId is null
            ? await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForNoKeyUpdate, cancellationToken, ("@a", k.AccountId))
            : await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE user_id = @u AND account_id = @a" + dialect.ForNoKeyUpdate, cancellationToken, ("@u", k.UserId), ("@a", k.AccountId));
        if (!ownerFound)
        {
            return k.UserId is null ? Errors.Account.NotFound : Errors.User.NotFound;
        }

        int inserted;
        try
        {
            inserted = await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters);
        }
        catch (DbException e) when (dialect.IsPrimaryKeyViolation(e, "access_keys", "access_key_id"))
        {
            // A random AccessKeyId collided: a broken generator, not a request error.
            return Errors.Request.InternalError;
        }

        if (inserted == 0)
        {
            return Errors.AccessKey.LimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await changeLog.AppendKeyChangesAsync(connection, transaction, k.AccessKeyId, null, audit.Time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE access_key_id = @id AND recycle_date IS NULL", ("@id", accessKeyId));
        return await ReadSingleAsync(command, Rows.StoredAccessKey, cancellationToken);
    }

    public async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        using var command = userId is null
            ? Command(connection, null, $"SELECT {SqlColumns.ListedAccessKey} FROM access_keys WHERE account_id = @a AND user_id IS NULL AND recycle_date IS NULL ORDER BY create_date, access_key_id", ("@a", accountId))
            : Command(connection, null, $"SELECT {SqlColumns.ListedAccessKey} FROM access_keys WHERE account_id = @a AND user_id = @u AND recycle_date IS NULL ORDER BY create_date, access_key_id", ("@a", accountId), ("@u", userId));
        return await ReadListAsync(command, static reader => Rows.ListedAccessKey(new DbRow(reader)), cancellationToken);
    }

    public async Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await changeLog.KeyChangeAsync(
            "UPDATE access_keys SET status = @status, update_date = @updated WHERE access_key_id = @id AND recycle_date IS NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("@id", accessKeyId),
            ("@status", status.ToString()),
            ("@updated", Ticks.From(updateDate)));
    }

    public async Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await changeLog.KeyDeleteAsync("DELETE FROM access_keys WHERE access_key_id = @id AND recycle_date IS NULL", accessKeyId, Errors.AccessKey.UserKeyNotFound, audit, cancellationToken, ("@id", accessKeyId));
    }

    public async Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uses);
        var newest = LastUseBatch.NewestPerKey(uses);
        if (newest.Count == 0)
        {
            return;
        }

        // Single-row updates in AccessKeyId order, so that two nodes flushing overlapping batches
        // lock rows in the same order and never deadlock (one round trip on PostgreSQL).
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await dialect.ExecuteBatchAsync(
            connection,
            transaction,
            [.. newest.Select(pair => (LastUseUpdate, new object?[] { pair.Key, Ticks.From(pair.Value.Time), pair.Value.ServiceName, pair.Value.Action, pair.Value.SourceIp }))],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SqlColumns.RecycledAccessKey} FROM access_keys ORDER BY access_key_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Rows.StoredAccessKey(reader);
        }
    }

    public async IAsyncEnumerable<string> ListAllAccessKeyIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The id column alone (the primary key's index covers it): none of the secret ciphertexts
        // and other columns ListAllAccessKeysAsync reads, which made a million-key load take 23 s.
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT access_key_id FROM access_keys");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public async Task ReplaceSecretAsync(string accessKeyId, ProtectedSecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "UPDATE access_keys SET key_version = @version, secret_ciphertext = @secret, secret_format = @format WHERE access_key_id = @id",
            cancellationToken,
            ("@id", accessKeyId),
            ("@version", secret.KeyVersion),
            ("@secret", secret.Ciphertext),
            ("@format", secret.Format));
    }
}
