using Latchkey.Core.Authorization;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>Roles: create a role with its trust policy, list and delete the account's roles.</summary>
public sealed class RolesModel(RoleService roles, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty]
    public string? RoleName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? AssumeRolePolicyDocument { get; set; }

    [BindProperty]
    public int? MaxSessionDuration { get; set; }

    public IReadOnlyList<RamRole> Roles { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    /// <summary>The trust policy the form starts with: the account itself (its RAM users that may call sts:AssumeRole).</summary>
    public string DefaultTrustPolicy =>
        $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{Caller.AccountId}}}:root"]}}]}""";

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await MayOnAsync("ram:CreateRole", ResourceNames.Role(Caller.AccountId, RoleName ?? ""), ct))
        {
            return NoPermission();
        }

        var created = await roles.CreateAsync(Audit(), RoleName, AssumeRolePolicyDocument, Description, MaxSessionDuration, ct);
        return created.IsSuccess
            ? LocalRedirect(ConsolePaths.Role(created.Value.RoleName))
            : await RenderAsync(ct, created.Error);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? roleName, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:DeleteRole", ResourceNames.Role(Caller.AccountId, roleName ?? ""), ct))
        {
            return NoPermission();
        }

        var deleted = await roles.DeleteAsync(Audit(), roleName, ct);
        return await RenderAsync(ct, deleted.Error, deleted.IsSuccess ? $"The role {roleName} is deleted; its sessions no longer work." : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayOnAsync("ram:ListRoles", ResourceNames.Role(Caller.AccountId, "*"), ct))
        {
            return NoPermission();
        }

        Roles = (await roles.ListAsync(Caller.AccountId, null, 1000, ct)).Value.Items;
        Error = error?.Code switch
        {
            null => null,
            "DeleteConflict.Role.Policy" => "Revoke the role's permissions first (open the role, Permissions), then delete it.",
            _ => $"{error.Message} ({error.Code})",
        };
        Success = success;
        return Page();
    }
}
