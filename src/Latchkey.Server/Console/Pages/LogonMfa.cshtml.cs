using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The logon step that asks for a code of the identity's bound MFA device. A code works once;
/// wrong codes are counted and lock further tries for a while. Reached only with a pending logon.
/// </summary>
public sealed class LogonMfaModel(ConsoleLogonFlow flow, MfaService mfa) : PageModel
{
    public const string WrongCodeMessage = "The security code is incorrect or has been used already.";
    public const string LockedMessage = "Too many wrong security codes. Try again in 15 minutes.";

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public string LogonName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.MfaCode))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        LogonName = pending.LogonName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.MfaCode))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        LogonName = pending.LogonName;
        var code = (Code ?? "").Trim();
        Code = null;
        var verified = await mfa.VerifyCodeAsync(pending.Principal, code, ct);
        if (!verified.IsSuccess)
        {
            var locked = verified.Error.Code == Errors.Request.Throttling.Code;
            Error = locked ? LockedMessage : verified.Error == Errors.Mfa.CodeFormat ? "Enter the 6 digits your MFA device shows." : WrongCodeMessage;
            Response.StatusCode = locked ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            return Page();
        }

        var next = pending with { Steps = pending.Steps & ~LogonSteps.MfaCode, MfaPassed = true };
        return LocalRedirect(await flow.ContinueAsync(HttpContext, next, ct));
    }
}
