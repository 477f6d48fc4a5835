using System.Data.Common;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IRamUserStore"/> once for both databases: RAM users, login profiles and user policy
/// attachments. Limits and delete conflicts are checked after locking the owner row
/// (<see cref="IPolicySqlDialect.ForNoKeyUpdate"/>, <see cref="IPolicySqlDialect.ForUpdate"/>; on
/// SQLite the write transaction already serialises writers).
/// </summary>
public sealed class SqlUserStore(IPolicySqlDialect dialect, SqlChangeLogStore changeLog) : IRamUserStore
{
    public async Task<Result<RamUser>> AddUserAsync(RamUser user, int maxUsersPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);

        // The account row lock queues every concurrent add of a user to this account, on any node
        // (FOR NO KEY UPDATE leaves the foreign-key checks of other inserts free); then the count
        // and the insert are one statement.
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForNoKeyUpdate, cancellationToken, ("@a", user.AccountId)))
        {
            return Errors.Account.NotFound;
        }

        int inserted;
        try
        {
            inserted = await ExecuteAsync(
                connection,
                transaction,
                $"""
                INSERT INTO ram_users ({SqlColumns.User})
                SELECT @user_id, @account_id, @user_name, @display_name, @comments, @email, @mobile_phone, @created, @updated, CAST(@last_login AS bigint)
                WHERE (SELECT count(*) FROM ram_users WHERE account_id = @account_id) < @limit
                """,
                cancellationToken,
                [.. StoreParameters.User('@', user), ("@limit", maxUsersPerAccount)]);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "ram_users_name_uq") || dialect.IsPrimaryKeyViolation(e, "ram_users", "user_id"))
        {
            return Errors.User.AlreadyExists;
        }

        if (inserted == 0)
        {
            return await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE account_id = @a AND lower(user_name) = lower(@n)", cancellationToken, ("@a", user.AccountId), ("@n", user.UserName))
                ? Errors.User.AlreadyExists
                : Errors.User.LimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    public async Task<RamUser?> FindUserByNameAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ReadUserAsync(connection, null, $"SELECT {SqlColumns.User} FROM ram_users WHERE account_id = @a AND lower(user_name) = lower(@v)", accountId, userName, cancellationToken);
    }

    public async Task<RamUser?> FindUserByIdAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ReadUserAsync(connection, null, $"SELECT {SqlColumns.User} FROM ram_users WHERE account_id = @a AND user_id = @v", accountId, userId, cancellationToken);
    }

    public async Task<Result<RamUser>> UpdateUserAsync(RamUser user, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        int changed;
        try
        {
            // last_login_date belongs to RecordUserLoginAsync, create_date never changes.
            changed = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE ram_users SET user_name = @user_name, display_name = @display_name, comments = @comments,
                    email = @email, mobile_phone = @mobile_phone, update_date = @updated
                WHERE user_id = @user_id AND account_id = @account_id
                """,
                cancellationToken,
                StoreParameters.User('@', user));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "ram_users_name_uq"))
        {
            return Errors.User.AlreadyExists;
        }

        if (changed == 0)
        {
            return Errors.User.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        var stored = await ReadUserAsync(connection, transaction, $"SELECT {SqlColumns.User} FROM ram_users WHERE account_id = @a AND user_id = @v", user.AccountId, user.UserId, cancellationToken);
        // The principal cached with each of the user's keys carries the UserName.
        await changeLog.AppendKeyChangesAsync(connection, transaction, null, user.UserId, audit.Time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored!;
    }

    public async Task<Result> DeleteUserAsync(string accountId, string userId, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] user = [("@a", accountId), ("@u", userId)];

        // FOR UPDATE waits for any AddAccessKeyAsync holding the user row, and blocks new ones
        // until this transaction ends: the checks below see every committed key.
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE account_id = @a AND user_id = @u" + dialect.ForUpdate, cancellationToken, user))
        {
            return Errors.User.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM access_keys WHERE user_id = @u AND recycle_date IS NULL LIMIT 1", cancellationToken, user))
        {
            return Errors.User.DeleteConflictAccessKey;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM login_profiles WHERE user_id = @u", cancellationToken, user))
        {
            return Errors.User.DeleteConflictLoginProfile;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM policy_attachments WHERE user_id = @u LIMIT 1", cancellationToken, user))
        {
            return Errors.User.DeleteConflictPolicy;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_members WHERE user_id = @u LIMIT 1", cancellationToken, user))
        {
            return Errors.User.DeleteConflictGroup;
        }

        // Keys in the recycle bin go with their user (live keys refused the deletion above).
        await ExecuteAsync(connection, transaction, "DELETE FROM access_key_guards WHERE access_key_id IN (SELECT access_key_id FROM access_keys WHERE user_id = @u AND recycle_date IS NOT NULL)", cancellationToken, user);
        await ExecuteAsync(connection, transaction, "DELETE FROM access_keys WHERE user_id = @u AND recycle_date IS NOT NULL", cancellationToken, user);
        await ExecuteAsync(connection, transaction, "DELETE FROM ram_users WHERE account_id = @a AND user_id = @u", cancellationToken, user);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result<Page<RamUser>>> ListUsersAsync(string accountId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        if (!Paging.TryStartUsers(marker, maxItems, out var afterTicks, out var afterId))
        {
            return Errors.Request.InvalidParameter;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"""
            SELECT {SqlColumns.User} FROM ram_users
            WHERE account_id = @a AND (create_date > @t OR (create_date = @t AND user_id > @id))
            ORDER BY create_date, user_id
            LIMIT @limit
            """,
            ("@a", accountId),
            ("@t", afterTicks),
            ("@id", afterId),
            ("@limit", maxItems + 1L));
        return await Paging.ReadUsersAsync(command, maxItems, cancellationToken);
    }

    public async Task<int> CountUsersAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT count(*) FROM ram_users WHERE account_id = @a", ("@a", accountId));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<LoginProfile?> FindLoginProfileAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SqlColumns.LoginProfile} FROM login_profiles WHERE user_id = @u", ("@u", userId));
        return await ReadSingleAsync(command, Rows.LoginProfile, cancellationToken);
    }

    public async Task<Result> AddLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        int inserted;
        try
        {
            inserted = await ExecuteAsync(
            connection,
            transaction,
            $"""
            INSERT INTO login_profiles ({SqlColumns.LoginProfile})
            SELECT @u, @hash, @reset, @mfa, @created, @updated
            WHERE EXISTS (SELECT 1 FROM ram_users WHERE user_id = @u)
            ON CONFLICT (user_id) DO NOTHING
            """,
            cancellationToken,
            StoreParameters.LoginProfile('@', profile));
        }
        catch (DbException e) when (dialect.IsForeignKeyViolation(e))
        {
            return Errors.User.NotFound;
        }

        if (inserted == 0)
        {
            return await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE user_id = @u", cancellationToken, ("@u", profile.UserId))
                ? Errors.LoginProfile.AlreadyExists
                : Errors.User.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> UpdateLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return await ChangeAsync(
            """
            UPDATE login_profiles SET password_hash = @hash, password_reset_required = @reset,
                mfa_bind_required = @mfa, update_date = @updated
            WHERE user_id = @u
            """,
            Errors.LoginProfile.NotFound,
            audit,
            cancellationToken,
            StoreParameters.LoginProfile('@', profile));
    }

    public async Task<Result> DeleteLoginProfileAsync(string userId, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await ChangeAsync("DELETE FROM login_profiles WHERE user_id = @u", Errors.LoginProfile.NotFound, audit, cancellationToken, ("@u", userId));
    }

    public async Task RecordUserLoginAsync(string userId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "UPDATE ram_users SET last_login_date = @t WHERE user_id = @u AND (last_login_date IS NULL OR last_login_date < @t)",
            cancellationToken,
            ("@u", userId),
            ("@t", Ticks.From(time)));
    }

    public async Task<Result> AttachPolicyAsync(PolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] parameters = [.. StoreParameters.PolicyAttachment('@', attachment), ("@max", (long)maxPerType)];

        // Locking the user orders this against DeleteUser and other attaches (the per-type limit).
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE user_id = @u AND account_id = @a" + dialect.ForUpdate, cancellationToken, parameters))
        {
            return Errors.User.NotFound;
        }

        if (attachment.PolicyType == "Custom"
            && !await ExistsAsync(connection, transaction, "SELECT 1 FROM policies WHERE account_id = @a AND policy_name = @name" + dialect.ForShare(), cancellationToken, parameters))
        {
            return Errors.Policy.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM policy_attachments WHERE user_id = @u AND policy_name = @name", cancellationToken, parameters))
        {
            return Errors.Policy.AlreadyAttached;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO policy_attachments (user_id, account_id, policy_name, policy_type, attach_date)
            SELECT @u, @a, @name, @type, @date
            WHERE (SELECT count(*) FROM policy_attachments WHERE user_id = @u AND policy_type = @type) < @max
            ON CONFLICT (user_id, policy_name) DO NOTHING
            """,
            cancellationToken,
            parameters);
        if (inserted == 0)
        {
            return Errors.Policy.UserPolicyLimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> DetachPolicyAsync(string userId, string policyName, AuditEvent audit, CancellationToken cancellationToken)
    {
        return await ChangeAsync("DELETE FROM policy_attachments WHERE user_id = @u AND policy_name = @name", Errors.Policy.NotAttached, audit, cancellationToken, ("@u", userId), ("@name", policyName));
    }

    public async Task<IReadOnlyList<PolicyAttachment>> ListPoliciesAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT account_id, user_id, policy_name, policy_type, attach_date FROM policy_attachments WHERE user_id = @u ORDER BY attach_date, policy_name",
            ("@u", userId));
        return await ReadListAsync(command, Rows.PolicyAttachment, cancellationToken);
    }

    private Task<Result> ChangeAsync(string sql, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        SqlChange.RunAsync(dialect, sql, noRow, audit, cancellationToken, parameters);

    private static async Task<RamUser?> ReadUserAsync(DbConnection connection, DbTransaction? transaction, string sql, string accountId, string value, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, ("@a", accountId), ("@v", value));
        return await ReadSingleAsync(command, Rows.User, cancellationToken);
    }
}
