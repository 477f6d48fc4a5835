using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>Idle AccessKey warnings and the account-wide key list the idle-key job reads, once for both databases.</summary>
public sealed class SqlIdleAccessKeyStore(IPolicySqlDialect dialect) : IIdleAccessKeyStore
{
    public async Task<IReadOnlyList<AccessKey>> ListAccountAccessKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE account_id = @a AND recycle_date IS NULL ORDER BY create_date, access_key_id",
            ("@a", accountId));
        return await ReadListAsync(command, reader => Rows.StoredAccessKey(reader).Key, cancellationToken);
    }

    public async Task<IReadOnlyList<IdleAccessKeyWarning>> ListIdleAccessKeyWarningsAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = accountId is null
            ? Command(connection, null, "SELECT access_key_id, account_id, idle_since, warned_at FROM access_key_idle_warnings ORDER BY access_key_id")
            : Command(connection, null, "SELECT access_key_id, account_id, idle_since, warned_at FROM access_key_idle_warnings WHERE account_id = @a ORDER BY access_key_id", ("@a", accountId));
        return await ReadListAsync(command, reader => new IdleAccessKeyWarning(reader.GetString(0), reader.GetString(1), Ticks.To(reader.GetInt64(2)), Ticks.To(reader.GetInt64(3))), cancellationToken);
    }

    public async Task<bool> RecordIdleAccessKeyWarningAsync(IdleAccessKeyWarning warning, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warning);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var written = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO access_key_idle_warnings (access_key_id, account_id, idle_since, warned_at)
            SELECT access_key_id, account_id, @since, @warned FROM access_keys WHERE access_key_id = @id AND recycle_date IS NULL
            ON CONFLICT (access_key_id) DO UPDATE SET idle_since = excluded.idle_since, warned_at = excluded.warned_at
            """,
            cancellationToken,
            ("@id", warning.AccessKeyId),
            ("@since", Ticks.From(warning.IdleSince)),
            ("@warned", Ticks.From(warning.WarnedAt)));
        if (written == 0)
        {
            return false;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
