using Latchkey.Core.Accounts;
using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// Security Settings. The account: account-wide switches and its own password. A RAM user: its own
/// password. The current password is checked through LogonService, in the same lockout as log ons.
/// A password change ends every other session; this one gets the new stamp.
/// </summary>
public sealed class SettingsModel(AccountService accounts, RamUserService users, LogonService logons, PasswordPolicyService passwordPolicy, SecurityPreferenceService preferences) : ConsolePageModel
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

    public string PasswordRuleText { get; private set; } = "";

    /// <summary>The account always; a RAM user when the security preference's AllowUserToChangePassword is on.</summary>
    public bool MayChangePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Caller.IsAccount)
        {
            return Forbid();
        }

        var updated = await accounts.SetAllowUsersToManageOwnAccessKeysAsync(Audit(), AllowUsersToManageOwnAccessKeys, ct);
        await LoadAsync(ct);
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
        var current = CurrentPassword ?? "";
        var next = NewPassword ?? "";
        CurrentPassword = null; // never rendered back into the form
        NewPassword = null;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!MayChangePassword)
        {
            return Forbid();
        }

        var verified = await logons.VerifyCurrentPasswordAsync(Caller, current, ct);
        if (!verified.IsSuccess)
        {
            var locked = verified.Error.Code == Errors.Account.LogonLocked.Code;
            Error = locked ? "Too many wrong passwords. Password changes are locked for now; try again later." : "The current password is incorrect.";
            Response.StatusCode = locked ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
            return Page();
        }

        ApiError? failed;
        if (Caller.IsAccount)
        {
            var changed = await accounts.ChangePasswordAsync(Audit(), next, ct);
            failed = changed.IsSuccess ? null : changed.Error;
        }
        else
        {
            var changed = await users.ChangeOwnPasswordAsync(Audit(), next, ct);
            failed = changed.IsSuccess ? null : changed.Error;
        }

        if (failed is not null)
        {
            // The policy's message names the rule that failed.
            Error = failed.Code == Errors.LoginProfile.PasswordTooWeak.Code
                ? "The new password must be " + PasswordPolicyService.BuiltInRule
                : failed.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // This session goes on with the new stamp; every other one fails its next validation.
        var stamp = await logons.CurrentSessionStampAsync(Caller, ct) ?? "";
        await HttpContext.SignInAsync(ConsoleClaims.Scheme, ConsoleClaims.Create(Caller, SessionLogonName, stamp, ConsoleClaims.MfaPresentOf(User), ConsoleClaims.SessionEndOf(User)));
        PasswordChanged = true;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var account = await accounts.FindAsync(Caller.AccountId, ct);
        if (account is null)
        {
            return false;
        }

        AllowUsersToManageOwnAccessKeys = account.AllowUsersToManageOwnAccessKeys;
        PasswordRuleText = Caller.IsAccount ? PasswordPolicyService.BuiltInRule : await passwordPolicy.DescribeAsync(Caller.AccountId, ct);
        var preference = await preferences.GetAsync(Caller.AccountId, ct);
        MayChangePassword = Caller.IsAccount || (preference.IsSuccess && preference.Value.AllowUserToChangePassword);
        return true;
    }
}
