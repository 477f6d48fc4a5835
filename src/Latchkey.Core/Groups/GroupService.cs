using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Groups;

/// <summary>
/// RAM user groups, their members and their policies (spec ram-policies.md §6.2). A group's
/// policies apply to every member; every change that can alter a member's permissions is
/// published so each node recompiles them.
/// </summary>
public sealed partial class GroupService(IPolicyStore store, IRamUserStore users, TimeProvider time, IOptions<IdentityOptions> options, PermissionChanges permissions)
{
    public const int MaxGroupName = 64;
    public const int MaxComments = 128;

    /// <summary>ListGroups pages hold at most 100 (ListUsersForGroup allows 1000).</summary>
    public const int MaxGroupsPerPage = 100;

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly IdentityOptions _options = options.Value;

    public async Task<Result<RamGroup>> CreateAsync(AuditContext ctx, string? groupName, string? comments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ValidateName(groupName, isNew: false) is { } nameError)
        {
            return nameError;
        }

        comments ??= "";
        if (comments.Length > MaxComments)
        {
            return Errors.Group.CommentsLength;
        }

        var now = time.GetUtcNow();
        var group = new RamGroup(ctx.Actor.AccountId, "g-" + RandomNumberGenerator.GetString(IdAlphabet, 16), groupName!, comments, now, now);
        var audit = AuditEvents.Create(ctx, time, "CreateGroup", "Group", groupName!);
        return await store.AddGroupAsync(group, _options.MaxGroupsPerAccount, audit, ct);
    }

    public async Task<Result<RamGroup>> GetAsync(string accountId, string? groupName, CancellationToken ct)
    {
        if (ValidateName(groupName, isNew: false) is { } nameError)
        {
            return nameError;
        }

        return await store.FindGroupAsync(accountId, groupName!, ct) is { } group ? group : Errors.Group.NotFound;
    }

    /// <summary>Neither NewGroupName nor NewComments: a no-op that answers the group (Terraform clears comments so).</summary>
    public async Task<Result<RamGroup>> UpdateAsync(AuditContext ctx, string? groupName, string? newGroupName, string? newComments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, groupName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (newGroupName is not null && ValidateName(newGroupName, isNew: true) is { } nameError)
        {
            return nameError;
        }

        if (newComments is { Length: > MaxComments })
        {
            return Errors.Group.NewCommentsLength;
        }

        if (newGroupName is null && newComments is null)
        {
            return found.Value;
        }

        var updated = found.Value with
        {
            GroupName = newGroupName ?? found.Value.GroupName,
            Comments = newComments ?? found.Value.Comments,
            UpdateDate = time.GetUtcNow(),
        };
        var audit = AuditEvents.Create(ctx, time, "UpdateGroup", "Group", found.Value.GroupName, newGroupName is null ? "" : $"NewGroupName={newGroupName}") with { ChangesPermissions = true };
        return await PublishAsync(ctx, await store.UpdateGroupAsync(updated, audit, ct), ct);
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? groupName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, groupName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var audit = AuditEvents.Create(ctx, time, "DeleteGroup", "Group", found.Value.GroupName);
        return await store.DeleteGroupAsync(found.Value.AccountId, found.Value.GroupId, audit, ct);
    }

    public async Task<Result<Page<RamGroup>>> ListAsync(string accountId, string? marker, int? maxItems, CancellationToken ct) =>
        ListPaging.Page(await store.ListGroupsAsync(accountId, ct), marker, maxItems, MaxGroupsPerPage);

    public Task<Result> AddUserAsync(AuditContext ctx, string? groupName, string? userName, CancellationToken ct) =>
        ChangeMemberAsync(ctx, groupName, userName, add: true, ct);

    public Task<Result> RemoveUserAsync(AuditContext ctx, string? groupName, string? userName, CancellationToken ct) =>
        ChangeMemberAsync(ctx, groupName, userName, add: false, ct);

    public async Task<Result<IReadOnlyList<GroupMembership>>> ListGroupsForUserAsync(string accountId, string? userName, CancellationToken ct)
    {
        var user = await FindUserAsync(accountId, userName, ct);
        return user.IsSuccess ? Result.Of(await store.ListGroupsForUserAsync(accountId, user.Value.UserId, ct)) : user.Error;
    }

    public async Task<Result<Page<GroupMembership>>> ListUsersAsync(string accountId, string? groupName, string? marker, int? maxItems, CancellationToken ct)
    {
        var group = await GetAsync(accountId, groupName, ct);
        return group.IsSuccess
            ? ListPaging.Page(await store.ListUsersForGroupAsync(accountId, group.Value.GroupId, ct), marker, maxItems, 1000)
            : group.Error;
    }

    public Task<Result> AttachPolicyAsync(AuditContext ctx, string? groupName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, groupName, policyName, policyType, attach: true, ct);

    public Task<Result> DetachPolicyAsync(AuditContext ctx, string? groupName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, groupName, policyName, policyType, attach: false, ct);

    public async Task<Result<IReadOnlyList<GroupPolicyAttachment>>> ListPoliciesAsync(string accountId, string? groupName, CancellationToken ct)
    {
        var group = await GetAsync(accountId, groupName, ct);
        return group.IsSuccess ? Result.Of(await store.ListGroupPoliciesAsync(group.Value.GroupId, ct)) : group.Error;
    }

    private async Task<Result> ChangeMemberAsync(AuditContext ctx, string? groupName, string? userName, bool add, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(groupName))
        {
            return Errors.Missing("GroupName");
        }

        var user = await FindUserAsync(ctx.Actor.AccountId, userName, ct);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var group = await GetAsync(ctx.Actor.AccountId, groupName, ct);
        if (!group.IsSuccess)
        {
            return group.Error;
        }

        var audit = AuditEvents.Create(ctx, time, add ? "AddUserToGroup" : "RemoveUserFromGroup", "Group", group.Value.GroupName, $"UserName={user.Value.UserName}") with { ChangesPermissions = true };
        var changed = add
            ? await store.AddUserToGroupAsync(ctx.Actor.AccountId, group.Value.GroupId, user.Value.UserId, time.GetUtcNow(), _options.MaxGroupsPerUser, audit, ct)
            : await store.RemoveUserFromGroupAsync(group.Value.GroupId, user.Value.UserId, audit, ct);
        return await PublishAsync(ctx, changed, ct);
    }

    private Task<Result> ChangePolicyAsync(AuditContext ctx, string? groupName, string? policyName, string? policyType, bool attach, CancellationToken ct) =>
        PolicyAttachments.ChangeAsync(ctx, policyName, policyType, attach, token => PolicyTargetAsync(ctx.Actor.AccountId, groupName, token), store, permissions, time, ct);

    private async Task<Result<PolicyTarget>> PolicyTargetAsync(string accountId, string? groupName, CancellationToken ct)
    {
        var group = await GetAsync(accountId, groupName, ct);
        if (!group.IsSuccess)
        {
            return group.Error;
        }

        var groupId = group.Value.GroupId;
        return new PolicyTarget(
            "Group",
            group.Value.GroupName,
            _options.MaxSystemPoliciesPerGroup,
            _options.MaxCustomPoliciesPerGroup,
            (policy, type, limit, audit, token) => store.AttachGroupPolicyAsync(new GroupPolicyAttachment(accountId, groupId, policy, type, time.GetUtcNow()), limit, audit, token),
            (policy, audit, token) => store.DetachGroupPolicyAsync(groupId, policy, audit, token));
    }

    private async Task<Result<RamUser>> FindUserAsync(string accountId, string? userName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return Errors.Missing("UserName");
        }

        return await users.FindUserByNameAsync(accountId, userName, ct) is { } user ? user : Errors.User.NotFound;
    }

    private async Task<Result<T>> PublishAsync<T>(AuditContext ctx, Result<T> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            await permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return result;
    }

    private async Task<Result> PublishAsync(AuditContext ctx, Result result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            await permissions.PublishAsync(ctx.Actor.AccountId, ct);
        }

        return result;
    }

    private static ApiError? ValidateName(string? groupName, bool isNew)
    {
        if (string.IsNullOrEmpty(groupName))
        {
            return Errors.Missing(isNew ? "NewGroupName" : "GroupName");
        }

        if (groupName.Length > MaxGroupName)
        {
            return isNew ? Errors.Group.NewNameLength : Errors.Group.NameLength;
        }

        return GroupNamePattern().IsMatch(groupName) ? null : isNew ? Errors.Group.NewNameInvalidChars : Errors.Group.NameInvalidChars;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex GroupNamePattern();
}
