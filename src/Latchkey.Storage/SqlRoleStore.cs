using System.Data.Common;
using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IRoleStore"/> once for both databases, like <see cref="SqlPolicyStore"/>: each change
/// runs in one write transaction with its audit event, limits and conflicts checked after locking
/// the owner row (account or role); role names are unique per account case-insensitively.
/// </summary>
public sealed class SqlRoleStore(IPolicySqlDialect dialect) : IRoleStore
{
    private const string RoleColumns = "role_id, account_id, role_name, description, trust_policy, max_session_duration, sessions_not_before, create_date, update_date";

    public async Task<Result<RamRole>> AddRoleAsync(RamRole role, int maxRolesPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [.. Parameters(role), ("@max", (long)maxRolesPerAccount)];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Account.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_roles WHERE account_id = @a AND lower(role_name) = lower(@n)", cancellationToken, p))
        {
            return Errors.Role.AlreadyExists;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            $"""
            INSERT INTO ram_roles ({RoleColumns}) SELECT @id, @a, @n, @d, @doc, @max_s, CAST(@nb AS bigint), @c, @u
            WHERE (SELECT count(*) FROM ram_roles WHERE account_id = @a) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Role.LimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return role;
    }

    public async Task<RamRole?> FindRoleAsync(string accountId, string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RoleColumns} FROM ram_roles WHERE account_id = @a AND lower(role_name) = lower(@n)", ("@a", accountId), ("@n", roleName));
        return await ReadSingleAsync(command, ReadRole, cancellationToken);
    }

    public async Task<RamRole?> FindRoleByIdAsync(string accountId, string roleId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RoleColumns} FROM ram_roles WHERE account_id = @a AND role_id = @id", ("@a", accountId), ("@id", roleId));
        return await ReadSingleAsync(command, ReadRole, cancellationToken);
    }

    public async Task<Result<RamRole>> UpdateRoleAsync(RamRole role, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE ram_roles SET description = @d, trust_policy = @doc, max_session_duration = @max_s, sessions_not_before = CAST(@nb AS bigint), update_date = @u WHERE account_id = @a AND role_id = @id",
            cancellationToken,
            Parameters(role));
        if (changed == 0)
        {
            return Errors.Role.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return role;
    }

    public async Task<Result> DeleteRoleAsync(string accountId, string roleId, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [("@a", accountId), ("@r", roleId)];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_roles WHERE account_id = @a AND role_id = @r" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Role.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM role_policy_attachments WHERE role_id = @r", cancellationToken, p))
        {
            return Errors.Role.DeleteConflictPolicy;
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM ram_roles WHERE account_id = @a AND role_id = @r", cancellationToken, p);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<IReadOnlyList<RamRole>> ListRolesAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RoleColumns} FROM ram_roles WHERE account_id = @a ORDER BY create_date, role_id", ("@a", accountId));
        return await ReadListAsync(command, ReadRole, cancellationToken);
    }

    public async Task<Result> AttachRolePolicyAsync(RolePolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p =
        [
            ("@a", attachment.AccountId), ("@r", attachment.RoleId), ("@n", attachment.PolicyName), ("@t", attachment.PolicyType),
            ("@d", Ticks.From(attachment.AttachDate)), ("@max", (long)maxPerType),
        ];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_roles WHERE account_id = @a AND role_id = @r" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Role.NotFound;
        }

        if (attachment.PolicyType == PolicyTypes.Custom
            && !await ExistsAsync(connection, transaction, "SELECT 1 FROM policies WHERE account_id = @a AND policy_name = @n" + dialect.ForShare(), cancellationToken, p))
        {
            return Errors.Policy.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM role_policy_attachments WHERE role_id = @r AND policy_name = @n", cancellationToken, p))
        {
            return Errors.Role.PolicyAlreadyAttached;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO role_policy_attachments (role_id, account_id, policy_name, policy_type, attach_date) SELECT @r, @a, @n, @t, @d
            WHERE (SELECT count(*) FROM role_policy_attachments WHERE role_id = @r AND policy_type = @t) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Role.PolicyLimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> DetachRolePolicyAsync(string roleId, string policyName, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await ExecuteAsync(connection, transaction, "DELETE FROM role_policy_attachments WHERE role_id = @r AND policy_name = @n", cancellationToken, ("@r", roleId), ("@n", policyName)) == 0)
        {
            return Errors.Role.PolicyNotAttached;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<IReadOnlyList<RolePolicyAttachment>> ListRolePoliciesAsync(string roleId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT account_id, role_id, policy_name, policy_type, attach_date FROM role_policy_attachments WHERE role_id = @r ORDER BY attach_date, policy_name",
            ("@r", roleId));
        return await ReadListAsync(command, r => new RolePolicyAttachment(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ticks.To(r.GetInt64(4))), cancellationToken);
    }

    public async Task RecordAssumeRoleAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static RamRole ReadRole(DbDataReader r) =>
        new(
            r.GetString(1),
            r.GetString(0),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
            Ticks.To(r.GetInt64(7)),
            Ticks.To(r.GetInt64(8)),
            r.IsDBNull(6) ? null : Ticks.To(r.GetInt64(6)));

    private static (string, object?)[] Parameters(RamRole role) =>
    [
        ("@id", role.RoleId), ("@a", role.AccountId), ("@n", role.RoleName), ("@d", role.Description), ("@doc", role.AssumeRolePolicyDocument),
        ("@max_s", (long)role.MaxSessionDuration), ("@nb", Ticks.FromNullable(role.SessionsNotBefore)),
        ("@c", Ticks.From(role.CreateDate)), ("@u", Ticks.From(role.UpdateDate)),
    ];
}
