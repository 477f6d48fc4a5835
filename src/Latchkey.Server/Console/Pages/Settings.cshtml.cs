using Latchkey.Core.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>Security Settings: account-wide switches (for now, whether RAM users manage their own AccessKeys).</summary>
public sealed class SettingsModel(AccountService accounts) : ConsolePageModel
{
    [BindProperty]
    public bool AllowUsersToManageOwnAccessKeys { get; set; }

    public bool Saved { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Caller.IsAccount)
        {
            return Forbid();
        }

        var account = await accounts.FindAsync(Caller.AccountId, ct);
        if (account is null)
        {
            return NotFound();
        }

        AllowUsersToManageOwnAccessKeys = account.AllowUsersToManageOwnAccessKeys;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Caller.IsAccount)
        {
            return Forbid();
        }

        var updated = await accounts.SetAllowUsersToManageOwnAccessKeysAsync(Audit(), AllowUsersToManageOwnAccessKeys, ct);
        if (!updated.IsSuccess)
        {
            Error = updated.Error.Message;
            return Page();
        }

        AllowUsersToManageOwnAccessKeys = updated.Value.AllowUsersToManageOwnAccessKeys;
        Saved = true;
        return Page();
    }
}
