using System.Data.Common;
using System.Runtime.CompilerServices;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Microsoft.Data.Sqlite;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.Sqlite;

public sealed partial class SqliteLatchkeyStore
{
    private const string KeyColumns =
        "access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext, last_used_date, last_used_service, last_used_action, last_used_ip, secret_format";

    /// <summary>KeyColumns and the recycle-bin columns (schema 0080), for reads that also see keys in the bin.</summary>
    private const string RecycledKeyColumns = KeyColumns + ", recycle_date, purge_date";

    public async Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Key;
        var parameters = StoreParameters.AccessKey('$', key, limit);

        // One statement holds the key and its secret; it counts and inserts while this
        // transaction owns the database's write lock (BEGIN IMMEDIATE), so concurrent adds on any
        // connection, store instance or process are serialised and the limit holds.
        var sql = k.UserId is null
            ? $"""
              INSERT INTO access_keys ({KeyColumns})
              SELECT $id, $account_id, NULL, $status, $created, $updated, $version, $secret, $used, $service, $action, $ip, $format
              WHERE EXISTS (SELECT 1 FROM accounts WHERE account_id = $account_id)
                AND (SELECT count(*) FROM access_keys WHERE account_id = $account_id AND user_id IS NULL AND recycle_date IS NULL) < $limit
              """
            : $"""
              INSERT INTO access_keys ({KeyColumns})
              SELECT $id, $account_id, $user_id, $status, $created, $updated, $version, $secret, $used, $service, $action, $ip, $format
              WHERE EXISTS (SELECT 1 FROM ram_users WHERE user_id = $user_id AND account_id = $account_id)
                AND (SELECT count(*) FROM access_keys WHERE user_id = $user_id AND recycle_date IS NULL) < $limit
              """;

        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = BeginWrite(connection);
        int inserted;
        try
        {
            inserted = await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters);
        }
        catch (SqliteException e) when (IsUniqueViolation(e, "access_keys.access_key_id"))
        {
            // A random AccessKeyId collided: a broken generator, not a request error.
            return Errors.Request.InternalError;
        }

        if (inserted == 0)
        {
            if (k.UserId is null)
            {
                return await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = $a", cancellationToken, ("$a", k.AccountId))
                    ? Errors.AccessKey.LimitExceeded
                    : Errors.Account.NotFound;
            }

            return await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE user_id = $u AND account_id = $a", cancellationToken, ("$u", k.UserId), ("$a", k.AccountId))
                ? Errors.AccessKey.LimitExceeded
                : Errors.User.NotFound;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await AppendKeyChangesAsync(connection, transaction, k.AccessKeyId, null, audit.Time, cancellationToken);
        transaction.Commit();
        return Result.Success;
    }

    // Both run on every cache miss and every ListAccessKeys: on a read session, prepared once (ReadAsync).
    public Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        ReadAsync(
            (session, ct) => ReadSingleAsync(
                session.Command($"SELECT {KeyColumns} FROM access_keys WHERE access_key_id = $id AND recycle_date IS NULL", ("$id", accessKeyId)),
                Rows.StoredAccessKey,
                ct),
            cancellationToken);

    public async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        await ReadAsync(
            (session, ct) => ReadListAsync(
                session.Command(
                    $"SELECT {KeyColumns} FROM access_keys WHERE account_id = $a AND user_id IS $u AND recycle_date IS NULL ORDER BY create_date, access_key_id",
                    ("$a", accountId),
                    ("$u", userId)),
                static reader => Rows.StoredAccessKey(reader).Key,
                ct),
            cancellationToken);

    public async Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await KeyChangeAsync(
            "UPDATE access_keys SET status = $status, update_date = $updated WHERE access_key_id = $id AND recycle_date IS NULL",
            accessKeyId,
            Errors.AccessKey.UserKeyNotFound,
            audit,
            cancellationToken,
            ("$id", accessKeyId),
            ("$status", status.ToString()),
            ("$updated", Ticks.From(updateDate)));
    }

    public async Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await KeyChangeAsync("DELETE FROM access_keys WHERE access_key_id = $id AND recycle_date IS NULL", accessKeyId, Errors.AccessKey.UserKeyNotFound, audit, cancellationToken, ("$id", accessKeyId));
    }

    public async Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uses);
        var newest = LastUseBatch.NewestPerKey(uses);
        if (newest.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = BeginWrite(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            UPDATE access_keys SET last_used_date = $t, last_used_service = $service, last_used_action = $action, last_used_ip = $ip
            WHERE access_key_id = $id AND (last_used_date IS NULL OR last_used_date < $t)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var time = command.Parameters.Add("$t", SqliteType.Integer);
        var service = command.Parameters.Add("$service", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        var ip = command.Parameters.Add("$ip", SqliteType.Text);
        foreach (var (accessKeyId, use) in newest)
        {
            id.Value = accessKeyId;
            time.Value = Ticks.From(use.Time);
            service.Value = use.ServiceName;
            action.Value = use.Action;
            ip.Value = use.SourceIp;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }

    public async IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RecycledKeyColumns} FROM access_keys ORDER BY access_key_id");
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
        await using var connection = await OpenAsync(cancellationToken);
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
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "UPDATE access_keys SET key_version = $version, secret_ciphertext = $secret, secret_format = $format WHERE access_key_id = $id",
            cancellationToken,
            ("$id", accessKeyId),
            ("$version", secret.KeyVersion),
            ("$secret", secret.Ciphertext),
            ("$format", secret.Format));
    }
}
