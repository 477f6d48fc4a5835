using Latchkey.Core;
using Latchkey.Core.Accounts;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The Log On page. An account logs on with its account name; a RAM user with its principal name
/// UserName@&lt;alias or AccountId&gt;.&lt;suffix&gt;. Repeated failures lock the logon name.
/// </summary>
public sealed class LogonModel(AccountService accounts, RamUserService users, ConsoleLockout lockout, IOptions<IdentityOptions> options) : PageModel
{
    public const string FailedMessage = "The logon name or password is incorrect.";
    public const string LockedMessage = "Too many failed log ons for this logon name. It is locked for 15 minutes; try again later.";

    [BindProperty]
    public string? LogonName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool AllowSignUp => options.Value.AllowSignUp;

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var logonName = (LogonName ?? "").Trim();
        var password = Password ?? "";
        Password = null; // never rendered back into the form
        if (logonName.Length == 0 || password.Length == 0)
        {
            Error = "Enter your logon name and password.";
            return Page();
        }

        if (lockout.IsLocked(logonName))
        {
            Error = LockedMessage;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var principal = await VerifyAsync(logonName, password, ct);
        if (principal is null)
        {
            lockout.RecordFailure(logonName);
            Error = lockout.IsLocked(logonName) ? LockedMessage : FailedMessage;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        lockout.RecordSuccess(logonName);
        await HttpContext.SignInAsync(ConsoleClaims.Scheme, ConsoleClaims.Create(principal, logonName));
        return LocalRedirect(SafeReturnUrl());
    }

    private async Task<Principal?> VerifyAsync(string logonName, string password, CancellationToken ct)
    {
        var suffix = "." + options.Value.PrincipalNameSuffix;
        if (logonName.Contains('@', StringComparison.Ordinal) && logonName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            var user = await users.VerifyConsolePasswordAsync(logonName, password, ct);
            return user.IsSuccess ? user.Value : null;
        }

        var account = await accounts.VerifyPasswordAsync(logonName, password, ct);
        return account.IsSuccess ? new Principal(account.Value.AccountId, null, null, null) : null;
    }

    private string SafeReturnUrl() =>
        ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && ConsolePaths.IsConsole(url.Split('?')[0]) ? url : ConsolePaths.Home;
}
