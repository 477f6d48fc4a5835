using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The logon step that binds a virtual MFA device (MFABindRequired, or a mandatory MFA
/// preference): a QR code, then two consecutive codes. Binding proves the device, so the session
/// that follows counts as having passed MFA. Reached only with a pending logon.
/// </summary>
public sealed class LogonBindMfaModel(ConsoleLogonFlow flow, MfaService mfa, MfaEnrolment enrolment) : PageModel
{
    [BindProperty]
    public string? Code1 { get; set; }

    [BindProperty]
    public string? Code2 { get; set; }

    [BindProperty]
    public string? Ticket { get; set; }

    public string? Error { get; private set; }

    public string LogonName { get; private set; } = "";

    public MfaEnrolView? Enrol { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.BindMfa))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        LogonName = pending.LogonName;
        var started = await enrolment.StartAsync(Audit(pending), pending.Principal, pending.Principal.UserName ?? "account", ct);
        if (!started.IsSuccess)
        {
            Error = started.Error.Message;
            return Page();
        }

        Enrol = started.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var pending = await flow.FindAsync(HttpContext, ct);
        if (pending is null || !pending.Steps.HasFlag(LogonSteps.BindMfa))
        {
            return LocalRedirect(ConsolePaths.Logon);
        }

        LogonName = pending.LogonName;
        var serial = enrolment.SerialOf(pending.Principal, Ticket);
        var bound = serial is null
            ? Errors.Mfa.NotFound
            : await mfa.BindAsync(Audit(pending), serial, pending.Principal, (Code1 ?? "").Trim(), (Code2 ?? "").Trim(), ct);
        Code1 = Code2 = null;
        if (!bound.IsSuccess)
        {
            Error = bound.Error.Code == Errors.Mfa.CodeIncorrect.Code || bound.Error.Code == Errors.Mfa.CodeFormat.Code
                ? "The security codes are incorrect. Enter two consecutive codes from the app."
                : bound.Error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var resumed = await enrolment.ResumeAsync(pending.Principal, Ticket, ct);
            Enrol = resumed.IsSuccess ? resumed.Value : null;
            return Page();
        }

        var next = pending with { Steps = pending.Steps & ~LogonSteps.BindMfa, MfaPassed = true };
        return LocalRedirect(await flow.ContinueAsync(HttpContext, next, ct));
    }

    private AuditContext Audit(PendingLogon pending) =>
        new(pending.Principal, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", RequestIds.For(HttpContext));
}
