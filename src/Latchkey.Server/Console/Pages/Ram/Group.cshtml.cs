using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>One user group: its members (add, remove) and its permissions (grant, revoke).</summary>
public sealed class GroupModel(GroupService groups, PolicyService policies, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string GroupName { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    public RamGroup? Group { get; private set; }

    public IReadOnlyList<GroupMembership> Members { get; private set; } = [];

    public IReadOnlyList<AttachedPolicy> Policies { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public bool ShowPermissions => string.Equals(Tab, "permissions", StringComparison.Ordinal);

    private string Resource => ResourceNames.Group(Caller.AccountId, GroupName);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostAddMemberAsync(string? userName, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:AddUserToGroup", Resource, ct) || !await MayAsync("ram:AddUserToGroup", userName ?? "", ct))
        {
            return NoPermission();
        }

        var added = await groups.AddUserAsync(Audit(), GroupName, userName, ct);
        return await RenderAsync(ct, added.Error, added.IsSuccess ? $"{userName} is added to the group." : null);
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(string? userName, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:RemoveUserFromGroup", Resource, ct) || !await MayAsync("ram:RemoveUserFromGroup", userName ?? "", ct))
        {
            return NoPermission();
        }

        var removed = await groups.RemoveUserAsync(Audit(), GroupName, userName, ct);
        return await RenderAsync(ct, removed.Error, removed.IsSuccess ? $"{userName} is removed from the group." : null);
    }

    public async Task<IActionResult> OnPostGrantAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        Tab = "permissions";
        if (!await MayOnAsync("ram:AttachPolicyToGroup", Resource, ct))
        {
            return NoPermission();
        }

        var attached = await groups.AttachPolicyAsync(Audit(), GroupName, policyName, policyType, ct);
        return await RenderAsync(ct, attached.Error, attached.IsSuccess ? $"{policyName} is granted to the group." : null);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        Tab = "permissions";
        if (!await MayOnAsync("ram:DetachPolicyFromGroup", Resource, ct))
        {
            return NoPermission();
        }

        var detached = await groups.DetachPolicyAsync(Audit(), GroupName, policyName, policyType, ct);
        return await RenderAsync(ct, detached.Error, detached.IsSuccess ? $"{policyName} is revoked from the group." : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayOnAsync("ram:GetGroup", Resource, ct))
        {
            return NoPermission();
        }

        var found = await groups.GetAsync(Caller.AccountId, GroupName, ct);
        if (!found.IsSuccess)
        {
            return NotFound();
        }

        Group = found.Value;
        Members = (await groups.ListUsersAsync(Caller.AccountId, GroupName, null, 1000, ct)).Value.Items;
        var attached = (await groups.ListPoliciesAsync(Caller.AccountId, GroupName, ct)).Value;
        Policies = await policies.DescribeAsync(Caller.AccountId, attached.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), ct);
        Error = error is null ? null : $"{error.Message} ({error.Code})";
        Success = success;
        return Page();
    }
}
