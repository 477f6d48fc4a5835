using Latchkey.Core.Accounts;
using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// Security Settings: account-wide switches (whether RAM users manage their own AccessKeys) and the
/// account's password. A password change ends every other session; this one gets the new stamp.
/// </summary>
public sealed class SettingsModel(AccountService accounts, LogonService logons) : ConsolePageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public bool PasswordChanged { get; private set; }

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

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!Caller.IsAccount)
        {
            return Forbid();
        }

        var current = CurrentPassword ?? "";
        var next = NewPassword ?? "";
        CurrentPassword = null; // never rendered back into the form
        NewPassword = null;
        var account = await accounts.FindAsync(Caller.AccountId, ct);
        if (account is null)
        {
            return NotFound();
        }

        AllowUsersToManageOwnAccessKeys = account.AllowUsersToManageOwnAccessKeys;
        if (!(await accounts.VerifyPasswordAsync(account.AccountName, current, ct)).IsSuccess)
        {
            Error = "The current password is incorrect.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var changed = await accounts.ChangePasswordAsync(Audit(), next, ct);
        if (!changed.IsSuccess)
        {
            Error = changed.Error.Code == Errors.LoginProfile.PasswordTooWeak.Code
                ? "The new password must be 8 to 32 characters and contain at least three of: lowercase letters, uppercase letters, digits and symbols."
                : changed.Error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // This session goes on with the new stamp; every other one fails its next validation.
        var stamp = await logons.CurrentSessionStampAsync(Caller, ct) ?? "";
        await HttpContext.SignInAsync(ConsoleClaims.Scheme, ConsoleClaims.Create(Caller, SessionLogonName, stamp));
        PasswordChanged = true;
        return Page();
    }
}
