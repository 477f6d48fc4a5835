using System.Data.Common;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// Account settings (password policy, security preference), password history and virtual MFA
/// devices, once for both databases. Each change runs in one write transaction with its audit
/// event; the SQL is portable with <c>@</c> parameters.
/// </summary>
public sealed class SqlLogonSecurityStore(IPolicySqlDialect dialect) : ILogonSettingsStore, IMfaDeviceStore
{
    public async Task<string?> FindAccountSettingAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM account_settings WHERE account_id = @account_id AND name = @name", ("@account_id", accountId), ("@name", name));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAccountSettingAsync(string accountId, string name, string value, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await WriteSettingAsync(connection, transaction, accountId, name, value, updateDate, cancellationToken);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Result> SetSecurityPreferenceAsync(string accountId, string name, string value, bool? allowUsersToManageOwnAccessKeys, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (allowUsersToManageOwnAccessKeys is { } allow
            && await ExecuteAsync(
                connection,
                transaction,
                "UPDATE accounts SET allow_users_to_manage_own_access_keys = @allow, update_date = @updated WHERE account_id = @account_id",
                cancellationToken,
                ("@account_id", accountId),
                ("@allow", allow),
                ("@updated", Ticks.From(updateDate))) == 0)
        {
            return Errors.Account.NotFound;
        }

        await WriteSettingAsync(connection, transaction, accountId, name, value, updateDate, cancellationToken);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    private static Task<int> WriteSettingAsync(DbConnection connection, DbTransaction transaction, string accountId, string name, string value, DateTimeOffset updateDate, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO account_settings (account_id, name, value, update_date) VALUES (@account_id, @name, @value, @updated)
            ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value, update_date = excluded.update_date
            """,
            cancellationToken,
            ("@account_id", accountId),
            ("@name", name),
            ("@value", value),
            ("@updated", Ticks.From(updateDate)));

    public async Task AddPasswordHistoryAsync(string principalId, PasswordHistoryEntry entry, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO password_history (principal_id, password_hash, set_date, initial) VALUES (@principal, @hash, @set_date, @initial)",
            cancellationToken,
            ("@principal", principalId),
            ("@hash", entry.PasswordHash),
            ("@set_date", Ticks.From(entry.SetDate)),
            ("@initial", entry.Initial));
        await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM password_history WHERE principal_id = @principal AND seq NOT IN (SELECT seq FROM password_history WHERE principal_id = @principal ORDER BY seq DESC LIMIT @keep)",
            cancellationToken,
            ("@principal", principalId),
            ("@keep", keep));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PasswordHistoryEntry>> ListPasswordHistoryAsync(string principalId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT password_hash, set_date, initial FROM password_history WHERE principal_id = @principal ORDER BY seq DESC LIMIT @count",
            ("@principal", principalId),
            ("@count", count));
        return await ReadListAsync(command, LogonRows.PasswordHistory, cancellationToken);
    }

    public async Task<Result> AddMfaDeviceAsync(MfaDevice device, int maxPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        int added;

        // The account row lock (or SQLite's single writer) queues concurrent creates, so the count and the insert cannot interleave.
        await ExecuteAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @account_id" + dialect.ForUpdate, cancellationToken, ("@account_id", device.AccountId));
        try
        {
            added = await ExecuteAsync(
                connection,
                transaction,
                $"""
                INSERT INTO mfa_devices ({LogonRows.MfaDeviceColumns})
                SELECT @account_id, @serial, @name, @key_version, @seed, CAST(@principal_id AS TEXT), CAST(@activate_date AS BIGINT), @last_step, @create_date
                WHERE (SELECT count(*) FROM mfa_devices WHERE account_id = @account_id) < @max
                """,
                cancellationToken,
                [.. LogonRows.MfaDeviceParameters('@', device), ("@max", maxPerAccount)]);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return Errors.Mfa.AlreadyExists;
        }

        if (added == 0)
        {
            return Errors.Mfa.LimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<MfaDevice?> FindMfaDeviceAsync(string accountId, string serialNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {LogonRows.MfaDeviceColumns} FROM mfa_devices WHERE account_id = @account_id AND serial_number = @serial",
            ("@account_id", accountId),
            ("@serial", serialNumber));
        return await ReadSingleAsync(command, LogonRows.MfaDevice, cancellationToken);
    }

    public async Task<MfaDevice?> FindBoundMfaDeviceAsync(string accountId, string principalId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {LogonRows.MfaDeviceColumns} FROM mfa_devices WHERE account_id = @account_id AND principal_id = @principal",
            ("@account_id", accountId),
            ("@principal", principalId));
        return await ReadSingleAsync(command, LogonRows.MfaDevice, cancellationToken);
    }

    public async Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {LogonRows.MfaDeviceColumns} FROM mfa_devices WHERE account_id = @account_id ORDER BY create_date, serial_number",
            ("@account_id", accountId));
        return await ReadListAsync(command, LogonRows.MfaDevice, cancellationToken);
    }

    public async Task<IReadOnlyList<MfaDevice>> ListAllMfaDevicesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {LogonRows.MfaDeviceColumns} FROM mfa_devices ORDER BY account_id, serial_number");
        return await ReadListAsync(command, LogonRows.MfaDevice, cancellationToken);
    }

    public async Task ReplaceMfaSeedAsync(string accountId, string serialNumber, ProtectedSecret seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "UPDATE mfa_devices SET key_version = @version, seed_ciphertext = @seed WHERE account_id = @account_id AND serial_number = @serial",
            cancellationToken,
            ("@account_id", accountId),
            ("@serial", serialNumber),
            ("@version", seed.KeyVersion),
            ("@seed", seed.Ciphertext));
    }

    public async Task<Result> BindMfaDeviceAsync(string accountId, string serialNumber, string principalId, DateTimeOffset activateDate, long lastStep, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM mfa_devices WHERE account_id = @account_id AND principal_id = @principal", cancellationToken, ("@account_id", accountId), ("@principal", principalId)))
        {
            return Errors.Mfa.UserHasDevice;
        }

        int bound;
        try
        {
            bound = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE mfa_devices SET principal_id = @principal, activate_date = @activate_date, last_step = CASE WHEN last_step > @last_step THEN last_step ELSE @last_step END
                WHERE account_id = @account_id AND serial_number = @serial AND principal_id IS NULL
                """,
                cancellationToken,
                ("@principal", principalId),
                ("@activate_date", Ticks.From(activateDate)),
                ("@last_step", lastStep),
                ("@account_id", accountId),
                ("@serial", serialNumber));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return Errors.Mfa.UserHasDevice;
        }

        if (bound == 0)
        {
            return await ExistsAsync(connection, transaction, "SELECT 1 FROM mfa_devices WHERE account_id = @account_id AND serial_number = @serial", cancellationToken, ("@account_id", accountId), ("@serial", serialNumber))
                ? Errors.Mfa.DeviceBound
                : Errors.Mfa.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result<string>> UnbindMfaDeviceAsync(string accountId, string principalId, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await using var command = Command(
            connection,
            transaction,
            "UPDATE mfa_devices SET principal_id = NULL, activate_date = NULL WHERE account_id = @account_id AND principal_id = @principal RETURNING serial_number",
            ("@account_id", accountId),
            ("@principal", principalId));
        if (await command.ExecuteScalarAsync(cancellationToken) is not string serial)
        {
            return Errors.Mfa.UserHasNoDevice;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return serial;
    }

    public async Task<Result> DeleteMfaDeviceAsync(string accountId, string serialNumber, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var deleted = await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM mfa_devices WHERE account_id = @account_id AND serial_number = @serial AND principal_id IS NULL",
            cancellationToken,
            ("@account_id", accountId),
            ("@serial", serialNumber));
        if (deleted == 0)
        {
            return await ExistsAsync(connection, transaction, "SELECT 1 FROM mfa_devices WHERE account_id = @account_id AND serial_number = @serial", cancellationToken, ("@account_id", accountId), ("@serial", serialNumber))
                ? Errors.Mfa.DeleteConflictBound
                : Errors.Mfa.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<bool> AdvanceMfaStepAsync(string accountId, string serialNumber, long usedStep, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            "UPDATE mfa_devices SET last_step = @step WHERE account_id = @account_id AND serial_number = @serial AND principal_id IS NOT NULL AND last_step < @step",
            cancellationToken,
            ("@step", usedStep),
            ("@account_id", accountId),
            ("@serial", serialNumber)) == 1;
    }
}
