using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>User Groups: create, list and delete the account's groups.</summary>
public sealed class GroupsModel(GroupService groups, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty]
    public string? GroupName { get; set; }

    [BindProperty]
    public string? Comments { get; set; }

    public IReadOnlyList<RamGroup> Groups { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await MayOnAsync("ram:CreateGroup", ResourceNames.Group(Caller.AccountId, "*"), ct))
        {
            return NoPermission();
        }

        var created = await groups.CreateAsync(Audit(), GroupName, Comments, ct);
        return created.IsSuccess
            ? LocalRedirect(ConsolePaths.Group(created.Value.GroupName))
            : await RenderAsync(ct, created.Error);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? groupName, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:DeleteGroup", ResourceNames.Group(Caller.AccountId, groupName ?? ""), ct))
        {
            return NoPermission();
        }

        var deleted = await groups.DeleteAsync(Audit(), groupName, ct);
        return await RenderAsync(ct, deleted.Error, deleted.IsSuccess ? $"The user group {groupName} is deleted." : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayOnAsync("ram:ListGroups", ResourceNames.Group(Caller.AccountId, "*"), ct))
        {
            return NoPermission();
        }

        var all = new List<RamGroup>();
        string? marker = null;
        do
        {
            var page = (await groups.ListAsync(Caller.AccountId, marker, GroupService.MaxGroupsPerPage, ct)).Value;
            all.AddRange(page.Items);
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);

        Groups = all;
        Error = error?.Code switch
        {
            null => null,
            "DeleteConflict.Group.User" => "Remove the group's members first (open the group, Group Members), then delete it.",
            "DeleteConflict.Group.Policy" => "Revoke the group's permissions first (open the group, Permissions), then delete it.",
            _ => $"{error.Message} ({error.Code})",
        };
        Success = success;
        return Page();
    }
}
