using Latchkey.Core.Accounts;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core;
using Latchkey.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// Sign-up: a new account whose logon name is its account name. Open to anyone only when
/// Identity:AllowSignUp is true; otherwise only the first account of a fresh install is made here
/// (its set-up), checked atomically in the store, and later ones come from the operator's CLI.
/// </summary>
public sealed class CreateAccountModel(AccountService accounts, LogonService logons, IOptions<IdentityOptions> options) : PageModel
{
    [BindProperty]
    public string? LogonName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public string? Error { get; private set; }

    /// <summary>True on a fresh install while sign-up is closed: the page sets up its first account.</summary>
    public bool IsFirstAccount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (options.Value.AllowSignUp)
        {
            return Page();
        }

        IsFirstAccount = !await accounts.AnyAsync(ct);
        return IsFirstAccount ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var open = options.Value.AllowSignUp;
        if (!open && await accounts.AnyAsync(ct))
        {
            return NotFound();
        }

        IsFirstAccount = !open;

        var password = Password ?? "";
        var confirm = ConfirmPassword ?? "";
        Password = ConfirmPassword = null;
        if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            Error = "The passwords do not match.";
            return Page();
        }

        var logonName = (LogonName ?? "").Trim();
        var sourceIp = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var created = open
            ? await accounts.CreateAsync(logonName, password, sourceIp, RequestIds.For(HttpContext), ct)
            : await accounts.CreateFirstAsync(logonName, password, sourceIp, RequestIds.For(HttpContext), ct);
        if (!created.IsSuccess && created.Error.Code == Latchkey.Core.Results.Errors.Account.SignUpClosed.Code)
        {
            return NotFound();
        }

        if (!created.IsSuccess)
        {
            Error = created.Error.Code == Latchkey.Core.Results.Errors.LoginProfile.PasswordTooWeak.Code
                ? "The password must be 8 to 32 characters and contain at least three of: lowercase letters, uppercase letters, digits and symbols."
                : created.Error.Message;
            return Page();
        }

        var principal = new Principal(created.Value.AccountId, null, null, null);
        var stamp = await logons.CurrentSessionStampAsync(principal, ct) ?? "";
        await HttpContext.SignInAsync(ConsoleClaims.Scheme, ConsoleClaims.Create(principal, created.Value.AccountName, stamp));
        return LocalRedirect(ConsolePaths.Home);
    }
}
