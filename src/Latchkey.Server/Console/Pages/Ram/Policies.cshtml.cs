using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>Policies: System and Custom policies of the account, as Alibaba's console lists them.</summary>
public sealed class PoliciesModel(PolicyService policies, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Deleted { get; set; }

    public IReadOnlyList<PolicyInfo> Policies { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await MayOnAsync("ram:ListPolicies", ResourceNames.CustomPolicy(Caller.AccountId, "*"), ct))
        {
            return NoPermission();
        }

        var type = PolicyTypes.Parse(Type);
        var page = await policies.ListAsync(Caller.AccountId, type, null, 1000, ct);
        Policies = page.IsSuccess ? page.Value.Items : [];
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? policyName, CancellationToken ct)
    {
        if (!await MayOnAsync("ram:DeletePolicy", ResourceNames.CustomPolicy(Caller.AccountId, policyName ?? ""), ct))
        {
            return NoPermission();
        }

        var deleted = await policies.DeleteAsync(Audit(), policyName, cascade: true, ct);
        if (deleted.IsSuccess)
        {
            return LocalRedirect($"{ConsolePaths.Policies}?deleted={Uri.EscapeDataString(policyName!)}");
        }

        Error = deleted.Error.Code.StartsWith("DeleteConflict.", StringComparison.Ordinal)
            ? $"The policy {policyName} is still attached. Revoke it from every user and group (References), then delete it."
            : $"{deleted.Error.Message} ({deleted.Error.Code})";
        var page = await policies.ListAsync(Caller.AccountId, PolicyTypes.Parse(Type), null, 1000, ct);
        Policies = page.IsSuccess ? page.Value.Items : [];
        return Page();
    }
}
