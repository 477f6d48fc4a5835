using System.Data.Common;
using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IPolicyStore"/> once for both databases: custom policies and versions, groups,
/// memberships and group attachments. Each change runs in one write transaction with its audit
/// event; limits and conflicts are checked inside it after locking the owner row (account,
/// policy, group or user), so concurrent writers on any number of nodes queue on that lock.
/// Names are unique per account case-insensitively (unique indexes on lower(name)); inserts use
/// ON CONFLICT DO NOTHING so a collision is a row count, not an exception that aborts the transaction.
/// </summary>
public sealed class SqlPolicyStore(IPolicySqlDialect dialect) : IPolicyStore
{
    private const string PolicyColumns =
        """
        p.account_id, p.policy_name, p.description, p.default_version, p.create_date, p.update_date,
        (SELECT count(*) FROM policy_attachments a WHERE a.account_id = p.account_id AND a.policy_type = 'Custom' AND a.policy_name = p.policy_name)
        + (SELECT count(*) FROM group_policy_attachments g WHERE g.account_id = p.account_id AND g.policy_type = 'Custom' AND g.policy_name = p.policy_name)
        + (SELECT count(*) FROM role_policy_attachments r WHERE r.account_id = p.account_id AND r.policy_type = 'Custom' AND r.policy_name = p.policy_name)
        """;

    private const string GroupColumns = "group_id, account_id, group_name, comments, create_date, update_date";

    public async Task<Result<CustomPolicy>> AddPolicyAsync(CustomPolicy policy, string document, int maxPoliciesPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p =
        [
            ("@a", policy.AccountId), ("@n", policy.PolicyName), ("@d", policy.Description), ("@v", policy.DefaultVersion),
            ("@c", Ticks.From(policy.CreateDate)), ("@u", Ticks.From(policy.UpdateDate)), ("@max", (long)maxPoliciesPerAccount), ("@doc", document),
        ];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Account.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM policies WHERE account_id = @a AND lower(policy_name) = lower(@n)", cancellationToken, p))
        {
            return Errors.Policy.AlreadyExists;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO policies (account_id, policy_name, description, default_version, next_version, create_date, update_date)
            SELECT @a, @n, @d, @v, 2, @c, @u
            WHERE (SELECT count(*) FROM policies WHERE account_id = @a) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Policy.LimitExceeded;
        }

        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO policy_versions (account_id, policy_name, version_id, version_number, document, create_date) VALUES (@a, @n, @v, 1, @doc, @c)",
            cancellationToken,
            p);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return policy;
    }

    public async Task<CustomPolicy?> FindPolicyAsync(string accountId, string policyName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await FindPolicyAsync(connection, null, accountId, policyName, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomPolicy>> ListCustomPoliciesAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {PolicyColumns} FROM policies p WHERE p.account_id = @a ORDER BY p.create_date, p.policy_name", ("@a", accountId));
        return await ReadListAsync(command, ReadPolicy, cancellationToken);
    }

    public async Task<Result<CustomPolicy>> UpdatePolicyDescriptionAsync(string accountId, string policyName, string description, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE policies SET description = @d, update_date = @u WHERE account_id = @a AND lower(policy_name) = lower(@n)",
            cancellationToken,
            ("@a", accountId), ("@n", policyName), ("@d", description), ("@u", Ticks.From(updateDate)));
        if (changed == 0)
        {
            return Errors.Policy.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        var updated = await FindPolicyAsync(connection, transaction, accountId, policyName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated!;
    }

    public async Task<Result> DeletePolicyAsync(string accountId, string policyName, bool cascade, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await LockPolicyAsync(connection, transaction, accountId, policyName, cancellationToken) is not { } name)
        {
            return Errors.Policy.NotFound;
        }

        (string, object?)[] p = [("@a", accountId), ("@n", name)];
        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM policy_attachments WHERE account_id = @a AND policy_type = 'Custom' AND policy_name = @n", cancellationToken, p))
        {
            return Errors.Policy.DeleteConflictUser;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_policy_attachments WHERE account_id = @a AND policy_type = 'Custom' AND policy_name = @n", cancellationToken, p))
        {
            return Errors.Policy.DeleteConflictGroup;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM role_policy_attachments WHERE account_id = @a AND policy_type = 'Custom' AND policy_name = @n", cancellationToken, p))
        {
            return Errors.Role.DeleteConflictPolicyRole;
        }

        if (!cascade && await ExistsAsync(
            connection,
            transaction,
            "SELECT 1 FROM policy_versions v JOIN policies p ON p.account_id = v.account_id AND p.policy_name = v.policy_name WHERE v.account_id = @a AND v.policy_name = @n AND v.version_id <> p.default_version",
            cancellationToken,
            p))
        {
            return Errors.Policy.DeleteConflictVersion;
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM policy_versions WHERE account_id = @a AND policy_name = @n", cancellationToken, p);
        await ExecuteAsync(connection, transaction, "DELETE FROM policies WHERE account_id = @a AND policy_name = @n", cancellationToken, p);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result<PolicyVersion>> AddPolicyVersionAsync(string accountId, string policyName, string document, bool setAsDefault, PolicyVersionRotation rotation, int maxVersions, DateTimeOffset createDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await LockPolicyAsync(connection, transaction, accountId, policyName, cancellationToken) is not { } name)
        {
            return Errors.Policy.NotFound;
        }

        (string, object?)[] p = [("@a", accountId), ("@n", name)];
        var versions = await ReadVersionsAsync(connection, transaction, accountId, name, cancellationToken);
        if (versions.Count >= maxVersions)
        {
            if (rotation is PolicyVersionRotation.None || versions.FirstOrDefault(v => !v.IsDefaultVersion) is not { } oldest)
            {
                return Errors.Policy.VersionLimitExceeded;
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM policy_versions WHERE account_id = @a AND policy_name = @n AND version_id = @v", cancellationToken, [.. p, ("@v", oldest.VersionId)]);
        }

        await using (var command = Command(connection, transaction, "SELECT next_version FROM policies WHERE account_id = @a AND policy_name = @n", p))
        {
            var number = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            var versionId = "v" + number.ToString(CultureInfo.InvariantCulture);
            var ticks = Ticks.From(createDate);
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO policy_versions (account_id, policy_name, version_id, version_number, document, create_date) VALUES (@a, @n, @v, @num, @doc, @c)",
                cancellationToken,
                [.. p, ("@v", versionId), ("@num", number), ("@doc", document), ("@c", ticks)]);
            await ExecuteAsync(
                connection,
                transaction,
                setAsDefault
                    ? "UPDATE policies SET next_version = next_version + 1, default_version = @v, update_date = @c WHERE account_id = @a AND policy_name = @n"
                    : "UPDATE policies SET next_version = next_version + 1 WHERE account_id = @a AND policy_name = @n",
                cancellationToken,
                [.. p, ("@v", versionId), ("@c", ticks)]);
            await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PolicyVersion(versionId, setAsDefault, document, createDate);
        }
    }

    public async Task<IReadOnlyList<PolicyVersion>> ListPolicyVersionsAsync(string accountId, string policyName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ReadVersionsAsync(connection, null, accountId, policyName, cancellationToken);
    }

    public async Task<Result> DeletePolicyVersionAsync(string accountId, string policyName, string versionId, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await LockPolicyAsync(connection, transaction, accountId, policyName, cancellationToken) is not { } name)
        {
            return Errors.Policy.NotFound;
        }

        (string, object?)[] p = [("@a", accountId), ("@n", name), ("@v", versionId)];
        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM policies WHERE account_id = @a AND policy_name = @n AND default_version = @v", cancellationToken, p))
        {
            return Errors.Policy.DeleteConflictDefaultVersion;
        }

        if (await ExecuteAsync(connection, transaction, "DELETE FROM policy_versions WHERE account_id = @a AND policy_name = @n AND version_id = @v", cancellationToken, p) == 0)
        {
            return Errors.Policy.VersionNotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> SetDefaultPolicyVersionAsync(string accountId, string policyName, string versionId, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        if (await LockPolicyAsync(connection, transaction, accountId, policyName, cancellationToken) is not { } name)
        {
            return Errors.Policy.NotFound;
        }

        var changed = await ExecuteAsync(
            connection,
            transaction,
            """
            UPDATE policies SET default_version = @v, update_date = @u
            WHERE account_id = @a AND policy_name = @n
              AND EXISTS (SELECT 1 FROM policy_versions WHERE account_id = @a AND policy_name = @n AND version_id = @v)
            """,
            cancellationToken,
            ("@a", accountId), ("@n", name), ("@v", versionId), ("@u", Ticks.From(updateDate)));
        if (changed == 0)
        {
            return Errors.Policy.VersionNotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<PolicyEntities> ListEntitiesForPolicyAsync(string accountId, string policyName, string policyType, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        (string, object?)[] p = [("@a", accountId), ("@n", policyName), ("@t", policyType)];
        await using var users = Command(
            connection,
            null,
            """
            SELECT u.user_id, u.user_name, u.display_name, a.attach_date FROM policy_attachments a JOIN ram_users u ON u.user_id = a.user_id
            WHERE a.account_id = @a AND a.policy_type = @t AND a.policy_name = @n ORDER BY a.attach_date, u.user_id
            """,
            p);
        var userList = await ReadListAsync(users, r => new PolicyEntities.AttachedUser(r.GetString(0), r.GetString(1), r.GetString(2), Ticks.To(r.GetInt64(3))), cancellationToken);
        await using var groups = Command(
            connection,
            null,
            """
            SELECT g.group_id, g.group_name, g.comments, a.attach_date FROM group_policy_attachments a JOIN ram_groups g ON g.group_id = a.group_id
            WHERE a.account_id = @a AND a.policy_type = @t AND a.policy_name = @n ORDER BY a.attach_date, g.group_id
            """,
            p);
        var groupList = await ReadListAsync(groups, r => new PolicyEntities.AttachedGroup(r.GetString(0), r.GetString(1), r.GetString(2), Ticks.To(r.GetInt64(3))), cancellationToken);
        await using var roles = Command(
            connection,
            null,
            """
            SELECT r.role_id, r.role_name, r.description, a.attach_date, r.account_id FROM role_policy_attachments a JOIN ram_roles r ON r.role_id = a.role_id
            WHERE a.account_id = @a AND a.policy_type = @t AND a.policy_name = @n ORDER BY a.attach_date, r.role_id
            """,
            p);
        var roleList = await ReadListAsync(roles, r => new PolicyEntities.AttachedRole(r.GetString(0), r.GetString(1), Core.Roles.RamRole.ArnOf(r.GetString(4), r.GetString(1)), r.GetString(2), Ticks.To(r.GetInt64(3))), cancellationToken);
        return new PolicyEntities(userList, groupList) { Roles = roleList };
    }

    public async Task<Result<RamGroup>> AddGroupAsync(RamGroup group, int maxGroupsPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [.. GroupParameters(group), ("@max", (long)maxGroupsPerAccount)];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts WHERE account_id = @a" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Account.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_groups WHERE account_id = @a AND lower(group_name) = lower(@n)", cancellationToken, p))
        {
            return Errors.Group.AlreadyExists;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            $"""
            INSERT INTO ram_groups ({GroupColumns}) SELECT @id, @a, @n, @cm, @c, @u
            WHERE (SELECT count(*) FROM ram_groups WHERE account_id = @a) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Group.LimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return group;
    }

    public async Task<RamGroup?> FindGroupAsync(string accountId, string groupName, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {GroupColumns} FROM ram_groups WHERE account_id = @a AND lower(group_name) = lower(@n)", ("@a", accountId), ("@n", groupName));
        return await ReadSingleAsync(command, ReadGroup, cancellationToken);
    }

    public async Task<Result<RamGroup>> UpdateGroupAsync(RamGroup group, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var p = GroupParameters(group);
        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_groups WHERE account_id = @a AND lower(group_name) = lower(@n) AND group_id <> @id", cancellationToken, p))
        {
            return Errors.Group.AlreadyExists;
        }

        if (await ExecuteAsync(connection, transaction, "UPDATE ram_groups SET group_name = @n, comments = @cm, update_date = @u WHERE account_id = @a AND group_id = @id", cancellationToken, p) == 0)
        {
            return Errors.Group.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return group;
    }

    public async Task<Result> DeleteGroupAsync(string accountId, string groupId, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [("@a", accountId), ("@g", groupId)];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_groups WHERE account_id = @a AND group_id = @g" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Group.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_members WHERE group_id = @g", cancellationToken, p))
        {
            return Errors.Group.DeleteConflictUser;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_policy_attachments WHERE group_id = @g", cancellationToken, p))
        {
            return Errors.Group.DeleteConflictPolicy;
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM ram_groups WHERE account_id = @a AND group_id = @g", cancellationToken, p);
        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<IReadOnlyList<RamGroup>> ListGroupsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {GroupColumns} FROM ram_groups WHERE account_id = @a ORDER BY create_date, group_id", ("@a", accountId));
        return await ReadListAsync(command, ReadGroup, cancellationToken);
    }

    public async Task<Result> AddUserToGroupAsync(string accountId, string groupId, string userId, DateTimeOffset joinDate, int maxGroupsPerUser, AuditEvent audit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p = [("@a", accountId), ("@g", groupId), ("@u", userId), ("@j", Ticks.From(joinDate)), ("@max", (long)maxGroupsPerUser)];

        // Locking the user orders this against DeleteUser and against other joins of the same user (the limit).
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_users WHERE account_id = @a AND user_id = @u" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.User.NotFound;
        }

        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_groups WHERE account_id = @a AND group_id = @g" + dialect.ForShare(), cancellationToken, p))
        {
            return Errors.Group.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_members WHERE group_id = @g AND user_id = @u", cancellationToken, p))
        {
            return Errors.Group.MemberAlreadyExists;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO group_members (group_id, user_id, account_id, join_date) SELECT @g, @u, @a, @j
            WHERE (SELECT count(*) FROM group_members WHERE user_id = @u) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Group.UserGroupLimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> RemoveUserFromGroupAsync(string groupId, string userId, AuditEvent audit, CancellationToken cancellationToken) =>
        await ChangeAsync("DELETE FROM group_members WHERE group_id = @g AND user_id = @u", Errors.Group.MemberNotFound, audit, cancellationToken, ("@g", groupId), ("@u", userId));

    public async Task<IReadOnlyList<GroupMembership>> ListGroupsForUserAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT g.group_id, g.account_id, g.group_name, g.comments, g.create_date, g.update_date, u.user_id, u.user_name, u.display_name, m.join_date
            FROM group_members m JOIN ram_groups g ON g.group_id = m.group_id JOIN ram_users u ON u.user_id = m.user_id
            WHERE m.account_id = @a AND m.user_id = @u ORDER BY m.join_date, g.group_id
            """,
            ("@a", accountId),
            ("@u", userId));
        return await ReadListAsync(command, ReadMembership, cancellationToken);
    }

    public async Task<IReadOnlyList<GroupMembership>> ListUsersForGroupAsync(string accountId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT g.group_id, g.account_id, g.group_name, g.comments, g.create_date, g.update_date, u.user_id, u.user_name, u.display_name, m.join_date
            FROM group_members m JOIN ram_groups g ON g.group_id = m.group_id JOIN ram_users u ON u.user_id = m.user_id
            WHERE m.account_id = @a AND m.group_id = @g ORDER BY m.join_date, u.user_id
            """,
            ("@a", accountId),
            ("@g", groupId));
        return await ReadListAsync(command, ReadMembership, cancellationToken);
    }

    public async Task<Result> AttachGroupPolicyAsync(GroupPolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        (string, object?)[] p =
        [
            ("@a", attachment.AccountId), ("@g", attachment.GroupId), ("@n", attachment.PolicyName), ("@t", attachment.PolicyType),
            ("@d", Ticks.From(attachment.AttachDate)), ("@max", (long)maxPerType),
        ];
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM ram_groups WHERE account_id = @a AND group_id = @g" + dialect.ForUpdate, cancellationToken, p))
        {
            return Errors.Group.NotFound;
        }

        if (attachment.PolicyType == PolicyTypes.Custom
            && !await ExistsAsync(connection, transaction, "SELECT 1 FROM policies WHERE account_id = @a AND policy_name = @n" + dialect.ForShare(), cancellationToken, p))
        {
            return Errors.Policy.NotFound;
        }

        if (await ExistsAsync(connection, transaction, "SELECT 1 FROM group_policy_attachments WHERE group_id = @g AND policy_name = @n", cancellationToken, p))
        {
            return Errors.Group.PolicyAlreadyAttached;
        }

        var inserted = await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO group_policy_attachments (group_id, account_id, policy_name, policy_type, attach_date) SELECT @g, @a, @n, @t, @d
            WHERE (SELECT count(*) FROM group_policy_attachments WHERE group_id = @g AND policy_type = @t) < @max
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            p);
        if (inserted == 0)
        {
            return Errors.Group.PolicyLimitExceeded;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success;
    }

    public async Task<Result> DetachGroupPolicyAsync(string groupId, string policyName, AuditEvent audit, CancellationToken cancellationToken) =>
        await ChangeAsync("DELETE FROM group_policy_attachments WHERE group_id = @g AND policy_name = @n", Errors.Group.PolicyNotAttached, audit, cancellationToken, ("@g", groupId), ("@n", policyName));

    public async Task<IReadOnlyList<GroupPolicyAttachment>> ListGroupPoliciesAsync(string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT account_id, group_id, policy_name, policy_type, attach_date FROM group_policy_attachments WHERE group_id = @g ORDER BY attach_date, policy_name",
            ("@g", groupId));
        return await ReadListAsync(command, r => new GroupPolicyAttachment(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ticks.To(r.GetInt64(4))), cancellationToken);
    }

    private Task<Result> ChangeAsync(string sql, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        SqlChange.RunAsync(dialect, sql, noRow, audit, cancellationToken, parameters);

    /// <summary>Locks the policy row and returns its stored name; null when there is none.</summary>
    private async Task<string?> LockPolicyAsync(DbConnection connection, DbTransaction transaction, string accountId, string policyName, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT policy_name FROM policies WHERE account_id = @a AND lower(policy_name) = lower(@n)" + dialect.ForUpdate, ("@a", accountId), ("@n", policyName));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<CustomPolicy?> FindPolicyAsync(DbConnection connection, DbTransaction? transaction, string accountId, string policyName, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {PolicyColumns} FROM policies p WHERE p.account_id = @a AND lower(p.policy_name) = lower(@n)", ("@a", accountId), ("@n", policyName));
        return await ReadSingleAsync(command, ReadPolicy, cancellationToken);
    }

    private static async Task<List<PolicyVersion>> ReadVersionsAsync(DbConnection connection, DbTransaction? transaction, string accountId, string policyName, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            """
            SELECT v.version_id, v.version_id = p.default_version, v.document, v.create_date
            FROM policy_versions v JOIN policies p ON p.account_id = v.account_id AND p.policy_name = v.policy_name
            WHERE v.account_id = @a AND lower(v.policy_name) = lower(@n) ORDER BY v.version_number
            """,
            ("@a", accountId),
            ("@n", policyName));
        return await ReadListAsync(command, r => new PolicyVersion(r.GetString(0), Convert.ToBoolean(r.GetValue(1), CultureInfo.InvariantCulture), r.GetString(2), Ticks.To(r.GetInt64(3))), cancellationToken);
    }

    private static CustomPolicy ReadPolicy(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ticks.To(r.GetInt64(4)), Ticks.To(r.GetInt64(5)), Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture));

    private static RamGroup ReadGroup(DbDataReader r) =>
        new(r.GetString(1), r.GetString(0), r.GetString(2), r.GetString(3), Ticks.To(r.GetInt64(4)), Ticks.To(r.GetInt64(5)));

    private static GroupMembership ReadMembership(DbDataReader r) =>
        new(ReadGroup(r), r.GetString(6), r.GetString(7), r.GetString(8), Ticks.To(r.GetInt64(9)));

    private static (string, object?)[] GroupParameters(RamGroup group) =>
    [
        ("@id", group.GroupId), ("@a", group.AccountId), ("@n", group.GroupName), ("@cm", group.Comments),
        ("@c", Ticks.From(group.CreateDate)), ("@u", Ticks.From(group.UpdateDate)),
    ];
}
