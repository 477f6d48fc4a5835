using Latchkey.Core.KeyGuard;
using Latchkey.Core.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// Canary AccessKeys from the console, as <c>latchkey canary create</c>: a key that can do nothing,
/// whose secret is shown once, and whose first signed use raises an alert (docs/key-guard.md).
/// Creating one is creating an AccessKey for its owner, so it needs ram:CreateAccessKey on them.
/// </summary>
public sealed class CanaryKeysModel(AccessKeyGuardService guard, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty]
    public string? UserName { get; set; }

    public CreatedAccessKeyView? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await MayAsync("ram:CreateAccessKey", null, ct) ? Page() : NoPermission();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var owner = string.IsNullOrWhiteSpace(UserName) ? null : UserName.Trim();
        if (owner is null && !Caller.IsAccount)
        {
            // Only the account names itself by leaving the user out; anyone else must say whose key it is.
            Error = "Enter the name of the RAM user the canary AccessKey belongs to.";
            return Page();
        }

        if (!await MayAsync("ram:CreateAccessKey", owner ?? "*", ct))
        {
            return NoPermission();
        }

        var created = await guard.CreateCanaryAsync(Audit(), owner, ct);
        if (!created.IsSuccess)
        {
            Error = created.Error.Message;
            return Page();
        }

        Created = new CreatedAccessKeyView(created.Value.Key.AccessKeyId, created.Value.Secret.Reveal());
        return Page();
    }
}
