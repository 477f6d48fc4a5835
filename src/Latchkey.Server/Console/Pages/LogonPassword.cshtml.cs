using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Users;
using Latchkey.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The logon step that sets a new password (PasswordResetRequired, or a password past
/// MaxPasswordAge). The password was proved on the Log On page a moment ago, so only the new one
/// is asked for. Reached only with a pending logon cookie.
/// </summary>
public sealed class LogonPasswordModel(ConsoleLogonFlow flow, RamUserService users, LogonService logons, PasswordPolicyService rules) : PageModel
{
    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public string? Error { get; private set; }

    public string PolicyText { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.ChangePassword))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        PolicyText = await rules.DescribeAsync(pending.Principal.AccountId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.ChangePassword))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        var password = NewPassword ?? "";
        var confirm = ConfirmPassword ?? "";
        NewPassword = ConfirmPassword = null; // never rendered back into the form
        PolicyText = await rules.DescribeAsync(pending.Principal.AccountId, ct);
        if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            Error = "The passwords do not match.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var audit = new AuditContext(pending.Principal, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", RequestIds.For(HttpContext));
        var changed = await users.ChangeOwnPasswordAsync(audit, password, ct);
        if (!changed.IsSuccess)
        {
            Error = changed.Error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var stamp = await logons.CurrentSessionStampAsync(pending.Principal, ct) ?? "";
        var next = pending with { SessionStamp = stamp, Steps = pending.Steps & ~LogonSteps.ChangePassword };
        return LocalRedirect(await flow.ContinueAsync(HttpContext, next, ct));
    }
}
