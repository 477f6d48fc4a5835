using Latchkey.Core.Accounts;
using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The Log On page. An account logs on with its account name; a RAM user with its principal name
/// UserName@&lt;alias or AccountId&gt;.&lt;suffix&gt;. Core's LogonService checks the password and
/// the lockout, which the store keeps for every node.
/// </summary>
public sealed class LogonModel(LogonService logons, IOptions<IdentityOptions> options) : PageModel
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

    /// <summary>Whether to offer Create Account: sign-up is open, or the install has no account yet.</summary>
    public bool AllowSignUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        AllowSignUp = options.Value.AllowSignUp || !await HttpContext.RequestServices.GetRequiredService<AccountService>().AnyAsync(ct);
        return Page();
    }

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

        var logon = await logons.LogOnAsync(logonName, password, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", ct);
        if (!logon.IsSuccess)
        {
            var code = logon.Error.Code;
            (Error, Response.StatusCode) = code == Errors.Account.LogonLocked.Code ? (logon.Error.Message, StatusCodes.Status429TooManyRequests)
                : code == Errors.Account.LogonNetworkRefused.Code || code == Errors.Account.PasswordExpired.Code ? (logon.Error.Message, StatusCodes.Status403Forbidden)
                : (FailedMessage, StatusCodes.Status401Unauthorized);
            return Page();
        }

        var flow = HttpContext.RequestServices.GetRequiredService<ConsoleLogonFlow>();
        var pending = new PendingLogon(logon.Value.Principal, logonName, logon.Value.SessionStamp, logon.Value.Steps, MfaPassed: false, SafeReturnUrl(), EnrolSerial: null);
        return LocalRedirect(await flow.ContinueAsync(HttpContext, pending, ct));
    }

    private string SafeReturnUrl() =>
        ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && ConsolePaths.IsConsole(url.Split('?')[0]) ? url : ConsolePaths.Home;
}
