using System.Text.RegularExpressions;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Roles;

/// <summary>
/// RAM roles, their trust policies and their policies (spec ram-roles-sts-mfa.md §1-2). Trust
/// policies are compiled by the policy engine on every write, so a malformed one never lands.
/// Every change that can alter what a role's sessions may do (policies, deletion, revoking its
/// sessions) is published so every node drops what it cached.
/// </summary>
public sealed partial class RoleService(IRoleStore store, IPolicyStore policies, TimeProvider time, IOptions<IdentityOptions> options, PermissionChanges permissions)
{
    public const int MaxRoleName = 64;
    public const int MaxDescription = 1024;
    public const int MinSessionDuration = 3600;
    public const int MaxSessionDuration = 43200;

    private readonly IdentityOptions _options = options.Value;

    public async Task<Result<RamRole>> CreateAsync(AuditContext ctx, string? roleName, string? document, string? description, int? maxSessionDuration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ValidateName(roleName) is { } nameError)
        {
            return nameError;
        }

        description ??= "";
        if (description.Length > MaxDescription)
        {
            return Errors.Policy.DescriptionLength;
        }

        if (maxSessionDuration is < MinSessionDuration or > MaxSessionDuration)
        {
            return Errors.Role.MaxSessionDuration;
        }

        if (PolicyDocument.CompileTrust(document, "AssumeRolePolicyDocument", Errors.Role.DocumentLength) is { IsSuccess: false } invalid)
        {
            return invalid.Error;
        }

        var now = time.GetUtcNow();
        var role = new RamRole(ctx.Actor.AccountId, NumericIds.New(), roleName!, description, document!, maxSessionDuration ?? MinSessionDuration, now, now);
        var audit = AuditEvents.Create(ctx, time, "CreateRole", "Role", role.RoleName);
        return await store.AddRoleAsync(role, _options.MaxRolesPerAccount, audit, ct);
    }

    public async Task<Result<RamRole>> GetAsync(string accountId, string? roleName, CancellationToken ct)
    {
        if (ValidateName(roleName) is { } nameError)
        {
            return nameError;
        }

        return await store.FindRoleAsync(accountId, roleName!, ct) is { } role ? role : Errors.Role.NotFound;
    }

    /// <summary>Only the supplied fields change (Terraform sends only what changed).</summary>
    public async Task<Result<RamRole>> UpdateAsync(AuditContext ctx, string? roleName, string? newDocument, int? newMaxSessionDuration, string? newDescription, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, roleName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (newDescription is { Length: > MaxDescription })
        {
            return Errors.Policy.NewDescriptionLength;
        }

        if (newMaxSessionDuration is < MinSessionDuration or > MaxSessionDuration)
        {
            return Errors.Role.NewMaxSessionDuration;
        }

        if (newDocument is not null && PolicyDocument.CompileTrust(newDocument, "NewAssumeRolePolicyDocument", Errors.Role.NewDocumentLength) is { IsSuccess: false } invalid)
        {
            return invalid.Error;
        }

        var updated = found.Value with
        {
            AssumeRolePolicyDocument = newDocument ?? found.Value.AssumeRolePolicyDocument,
            MaxSessionDuration = newMaxSessionDuration ?? found.Value.MaxSessionDuration,
            Description = newDescription ?? found.Value.Description,
            UpdateDate = time.GetUtcNow(),
        };
        var changed = string.Join(',', new[] { newDocument is null ? null : "AssumeRolePolicyDocument", newMaxSessionDuration is null ? null : "MaxSessionDuration", newDescription is null ? null : "Description" }.OfType<string>());
        var audit = AuditEvents.Create(ctx, time, "UpdateRole", "Role", found.Value.RoleName, changed) with { ChangesPermissions = true };
        return await PublishAsync(found.Value.AccountId, await store.UpdateRoleAsync(updated, audit, ct), ct);
    }

    /// <summary>Refuses every session of the role issued before now, on every node (the revocation of temporary credentials).</summary>
    public async Task<Result<RamRole>> RevokeSessionsAsync(AuditContext ctx, string? roleName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, roleName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var now = time.GetUtcNow();
        var audit = AuditEvents.Create(ctx, time, "RevokeRoleSessions", "Role", found.Value.RoleName) with { ChangesPermissions = true };
        return await PublishAsync(found.Value.AccountId, await store.UpdateRoleAsync(found.Value with { SessionsNotBefore = now, UpdateDate = now }, audit, ct), ct);
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? roleName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, roleName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var audit = AuditEvents.Create(ctx, time, "DeleteRole", "Role", found.Value.RoleName) with { ChangesPermissions = true };
        var deleted = await store.DeleteRoleAsync(found.Value.AccountId, found.Value.RoleId, audit, ct);
        if (deleted.IsSuccess)
        {
            // Its unexpired sessions stop working on every node (spec §1.3 DeleteRole).
            await permissions.PublishAsync(found.Value.AccountId, ct);
        }

        return deleted;
    }

    public async Task<Result<Page<RamRole>>> ListAsync(string accountId, string? marker, int? maxItems, CancellationToken ct) =>
        ListPaging.Page(await store.ListRolesAsync(accountId, ct), marker, maxItems, 1000);

    public Task<Result> AttachPolicyAsync(AuditContext ctx, string? roleName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, roleName, policyName, policyType, attach: true, ct);

    public Task<Result> DetachPolicyAsync(AuditContext ctx, string? roleName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, roleName, policyName, policyType, attach: false, ct);

    public async Task<Result<IReadOnlyList<RolePolicyAttachment>>> ListPoliciesAsync(string accountId, string? roleName, CancellationToken ct)
    {
        var role = await GetAsync(accountId, roleName, ct);
        return role.IsSuccess ? Result.Of(await store.ListRolePoliciesAsync(role.Value.RoleId, ct)) : role.Error;
    }

    private Task<Result> ChangePolicyAsync(AuditContext ctx, string? roleName, string? policyName, string? policyType, bool attach, CancellationToken ct) =>
        PolicyAttachments.ChangeAsync(ctx, policyName, policyType, attach, token => PolicyTargetAsync(ctx.Actor.AccountId, roleName, token), policies, permissions, time, ct);

    private async Task<Result<PolicyTarget>> PolicyTargetAsync(string accountId, string? roleName, CancellationToken ct)
    {
        var role = await GetAsync(accountId, roleName, ct);
        if (!role.IsSuccess)
        {
            return role.Error;
        }

        var roleId = role.Value.RoleId;
        return new PolicyTarget(
            "Role",
            role.Value.RoleName,
            _options.MaxSystemPoliciesPerRole,
            _options.MaxCustomPoliciesPerRole,
            (policy, type, limit, audit, token) => store.AttachRolePolicyAsync(new RolePolicyAttachment(accountId, roleId, policy, type, time.GetUtcNow()), limit, audit, token),
            (policy, audit, token) => store.DetachRolePolicyAsync(roleId, policy, audit, token));
    }

    private async Task<Result<RamRole>> PublishAsync(string accountId, Result<RamRole> result, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            await permissions.PublishAsync(accountId, ct);
        }

        return result;
    }

    private static ApiError? ValidateName(string? roleName)
    {
        if (string.IsNullOrEmpty(roleName))
        {
            return Errors.Missing("RoleName");
        }

        if (roleName.Length > MaxRoleName)
        {
            return Errors.Role.NameLength;
        }

        return RoleNamePattern().IsMatch(roleName) ? null : Errors.Role.NameInvalidChars;
    }

    [GeneratedRegex("^[A-Za-z0-9.-]+$")]
    private static partial Regex RoleNamePattern();
}
