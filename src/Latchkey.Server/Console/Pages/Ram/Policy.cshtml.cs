using Latchkey.Core.Authorization;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>One policy: its document, its versions (custom ones) and its references (grant, revoke).</summary>
public sealed class PolicyModel(PolicyService policies, RamUserService users, GroupService groups, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string PolicyType { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string PolicyName { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Tab { get; set; }

    [BindProperty]
    public string? PolicyDocument { get; set; }

    public PolicyInfo? Policy { get; private set; }

    public PolicyVersion? DefaultVersion { get; private set; }

    public IReadOnlyList<PolicyVersion> Versions { get; private set; } = [];

    public PolicyEntities? References { get; private set; }

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public bool IsCustom => PolicyType == PolicyTypes.Custom;

    public string Resource => IsCustom ? ResourceNames.CustomPolicy(Caller.AccountId, PolicyName) : ResourceNames.SystemPolicy(PolicyName);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await RenderAsync(ct);

    public async Task<IActionResult> OnPostCreateVersionAsync(bool setAsDefault, CancellationToken ct)
    {
        Tab = "versions";
        if (!await MayOnAsync("ram:CreatePolicyVersion", Resource, ct))
        {
            return NoPermission();
        }

        var created = await policies.CreateVersionAsync(Audit(), PolicyName, PolicyDocument, setAsDefault, null, ct);
        return await RenderAsync(ct, created.IsSuccess ? null : created.Error, created.IsSuccess ? $"Version {created.Value.VersionId} is created." : null);
    }

    public async Task<IActionResult> OnPostSetDefaultAsync(string? versionId, CancellationToken ct)
    {
        Tab = "versions";
        if (!await MayOnAsync("ram:SetDefaultPolicyVersion", Resource, ct))
        {
            return NoPermission();
        }

        var result = await policies.SetDefaultVersionAsync(Audit(), PolicyName, versionId, ct);
        return await RenderAsync(ct, result.Error, result.IsSuccess ? $"Version {versionId} is now the default version." : null);
    }

    public async Task<IActionResult> OnPostDeleteVersionAsync(string? versionId, CancellationToken ct)
    {
        Tab = "versions";
        if (!await MayOnAsync("ram:DeletePolicyVersion", Resource, ct))
        {
            return NoPermission();
        }

        var result = await policies.DeleteVersionAsync(Audit(), PolicyName, versionId, ct);
        return await RenderAsync(ct, result.Error, result.IsSuccess ? $"Version {versionId} is deleted." : null);
    }

    public Task<IActionResult> OnPostGrantAsync(string? principalType, string? principalName, CancellationToken ct) =>
        ChangeAsync(principalType, principalName, attach: true, ct);

    public Task<IActionResult> OnPostRevokeAsync(string? principalType, string? principalName, CancellationToken ct) =>
        ChangeAsync(principalType, principalName, attach: false, ct);

    private async Task<IActionResult> ChangeAsync(string? principalType, string? principalName, bool attach, CancellationToken ct)
    {
        Tab = "references";
        var toGroup = principalType == "Group";
        var action = (attach, toGroup) switch
        {
            (true, false) => "ram:AttachPolicyToUser",
            (false, false) => "ram:DetachPolicyFromUser",
            (true, true) => "ram:AttachPolicyToGroup",
            _ => "ram:DetachPolicyFromGroup",
        };
        var entity = toGroup ? ResourceNames.Group(Caller.AccountId, principalName ?? "") : ResourceNames.User(Caller.AccountId, principalName ?? "");
        if (!await MayOnAsync(action, entity, ct) || !await MayOnAsync(action, Resource, ct))
        {
            return NoPermission();
        }

        var result = (attach, toGroup) switch
        {
            (true, false) => await users.AttachPolicyAsync(Audit(), principalName, PolicyName, PolicyType, ct),
            (false, false) => await users.DetachPolicyAsync(Audit(), principalName, PolicyName, PolicyType, ct),
            (true, true) => await groups.AttachPolicyAsync(Audit(), principalName, PolicyName, PolicyType, ct),
            _ => await groups.DetachPolicyAsync(Audit(), principalName, PolicyName, PolicyType, ct),
        };
        var done = attach ? $"{PolicyName} is granted to {principalName}." : $"{PolicyName} is revoked from {principalName}.";
        return await RenderAsync(ct, result.Error, result.IsSuccess ? done : null);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct, ApiError? error = null, string? success = null)
    {
        if (!await MayOnAsync("ram:GetPolicy", Resource, ct))
        {
            return NoPermission();
        }

        var found = await policies.GetAsync(Caller.AccountId, PolicyName, PolicyType, ct);
        if (!found.IsSuccess)
        {
            return NotFound();
        }

        Policy = found.Value.Policy;
        DefaultVersion = found.Value.DefaultVersion;
        Versions = (await policies.ListVersionsAsync(Caller.AccountId, PolicyName, PolicyType, ct)).Value;
        References = (await policies.ListEntitiesAsync(Caller.AccountId, PolicyName, PolicyType, ct)).Value;
        PolicyDocument ??= DefaultVersion.PolicyDocument;
        Error = error is null ? null : $"{error.Message} ({error.Code})";
        Success = success;
        return Page();
    }
}
