using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>One role: its basic information and trust policy (edit), its permissions (grant, revoke) and its sessions (revoke all).</summary>
public sealed class RoleModel(RoleService roles, PolicyService policies, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string RoleName { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    public RamRole? Role { get; private set; }

    public IReadOnlyList<AttachedPolicy> Policies { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public bool ShowPermissions => string.Equals(Tab, "permissions", StringComparison.Ordinal);

    public bool ShowSessions => string.Equals(Tab, "sessions", StringComparison.Ordinal);

    private string Resource => ResourceNames.Role(Caller.AccountId, RoleName);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostTrustAsync(string? document, int? maxSessionDuration, string? description, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:UpdateRole", Resource, ct))
        {
            return NoPermission();
        }

        var updated = await roles.UpdateAsync(Audit(), RoleName, document, maxSessionDuration, description ?? "", ct);
        return await RenderAsync(ct, updated.Error, updated.IsSuccess ? "The role is updated." : null);
    }

    public async Task<IActionResult> OnPostGrantAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        Tab = "permissions";
        if (!await MayOnAsync("ram:AttachPolicyToRole", Resource, ct))
        {
            return NoPermission();
        }

        var attached = await roles.AttachPolicyAsync(Audit(), RoleName, policyName, policyType, ct);
        return await RenderAsync(ct, attached.Error, attached.IsSuccess ? $"{policyName} is granted to the role." : null);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        Tab = "permissions";
        if (!await MayOnAsync("ram:DetachPolicyFromRole", Resource, ct))
        {
            return NoPermission();
        }

        var detached = await roles.DetachPolicyAsync(Audit(), RoleName, policyName, policyType, ct);
        return await RenderAsync(ct, detached.Error, detached.IsSuccess ? $"{policyName} is revoked from the role." : null);
    }

    public async Task<IActionResult> OnPostRevokeSessionsAsync(CancellationToken ct)
    {
        Tab = "sessions";

        // Changing who may use the role's credentials is an update of the role.
        if (!await MayOnAsync("ram:UpdateRole", Resource, ct))
        {
            return NoPermission();
        }

        var revoked = await roles.RevokeSessionsAsync(Audit(), RoleName, ct);
        return await RenderAsync(ct, revoked.Error, revoked.IsSuccess ? "Every session issued until now is revoked on every node." : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayOnAsync("ram:GetRole", Resource, ct))
        {
            return NoPermission();
        }

        var found = await roles.GetAsync(Caller.AccountId, RoleName, ct);
        if (!found.IsSuccess)
        {
            return NotFound();
        }

        Role = found.Value;
        var attached = (await roles.ListPoliciesAsync(Caller.AccountId, RoleName, ct)).Value;
        Policies = await policies.DescribeAsync(Caller.AccountId, attached.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), ct);
        Error = error is null ? null : $"{error.Message} ({error.Code})";
        Success = success;
        return Page();
    }
}
