using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// A user's Permissions tab: the policies granted to the user itself (Individual) and those it
/// inherits from its groups (Inherited from User Group), and its user groups.
/// </summary>
public sealed class UserPermissionsModel(RamUserService users, GroupService groups, PolicyService policies, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    public RamUser? RamUser { get; private set; }

    public IReadOnlyList<AttachedPolicy> Individual { get; private set; } = [];

    public IReadOnlyList<(string GroupName, AttachedPolicy Policy)> Inherited { get; private set; } = [];

    public IReadOnlyList<GroupMembership> Groups { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostGrantAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        if (!await MayAsync("ram:AttachPolicyToUser", UserName, ct))
        {
            return NoPermission();
        }

        var attached = await users.AttachPolicyAsync(Audit(), UserName, policyName, policyType, ct);
        return await RenderAsync(ct, attached.Error, attached.IsSuccess ? $"{policyName} is granted to {UserName}." : null);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? policyName, string? policyType, CancellationToken ct)
    {
        if (!await MayAsync("ram:DetachPolicyFromUser", UserName, ct))
        {
            return NoPermission();
        }

        var detached = await users.DetachPolicyAsync(Audit(), UserName, policyName, policyType, ct);
        return await RenderAsync(ct, detached.Error, detached.IsSuccess ? $"{policyName} is revoked from {UserName}." : null);
    }

    public async Task<IActionResult> OnPostJoinAsync(string? groupName, CancellationToken ct)
    {
        if (!await MayAsync("ram:AddUserToGroup", UserName, ct) || !await MayOnAsync("ram:AddUserToGroup", ResourceNames.Group(Caller.AccountId, groupName ?? ""), ct))
        {
            return NoPermission();
        }

        var added = await groups.AddUserAsync(Audit(), groupName, UserName, ct);
        return await RenderAsync(ct, added.Error, added.IsSuccess ? $"{UserName} is added to {groupName}." : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayAsync("ram:ListPoliciesForUser", UserName, ct))
        {
            return NoPermission();
        }

        var user = await users.GetAsync(Caller.AccountId, UserName, ct);
        if (!user.IsSuccess)
        {
            return NotFound();
        }

        RamUser = user.Value;
        var own = (await users.ListPoliciesAsync(Caller.AccountId, UserName, ct)).Value;
        Individual = await policies.DescribeAsync(Caller.AccountId, own.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), ct);
        Groups = (await groups.ListGroupsForUserAsync(Caller.AccountId, UserName, ct)).Value;
        var inherited = new List<(string, AttachedPolicy)>();
        foreach (var membership in Groups)
        {
            var attached = (await groups.ListPoliciesAsync(Caller.AccountId, membership.Group.GroupName, ct)).Value;
            foreach (var policy in await policies.DescribeAsync(Caller.AccountId, attached.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), ct))
            {
                inherited.Add((membership.Group.GroupName, policy));
            }
        }

        Inherited = inherited;
        Error = error is null ? null : $"{error.Message} ({error.Code})";
        Success = success;
        return Page();
    }
}
