using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The signed-in identity's own virtual MFA device: enrol one from a QR code (two consecutive
/// codes bind it) or unbind it. The account always may; a RAM user when the security preference's
/// AllowUserToManageMFADevices is on.
/// </summary>
public sealed class MfaModel(MfaService mfa, MfaEnrolment enrolment, SecurityPreferenceService preferences) : ConsolePageModel
{
    [BindProperty]
    public string? Code1 { get; set; }

    [BindProperty]
    public string? Code2 { get; set; }

    [BindProperty]
    public string? Ticket { get; set; }

    public MfaDevice? Device { get; private set; }

    public MfaEnrolView? Enrol { get; private set; }

    public bool MayManage { get; private set; }

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!MayManage)
        {
            return Forbid();
        }

        if (Device is null)
        {
            var started = await enrolment.StartAsync(Audit(), Caller, Caller.UserName ?? "account", ct);
            if (started.IsSuccess)
            {
                Enrol = started.Value;
            }
            else
            {
                Error = started.Error.Message;
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostBindAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!MayManage)
        {
            return Forbid();
        }

        var serial = enrolment.SerialOf(Caller, Ticket);
        var bound = serial is null ? Errors.Mfa.NotFound : await mfa.BindAsync(Audit(), serial, Caller, (Code1 ?? "").Trim(), (Code2 ?? "").Trim(), ct);
        Code1 = Code2 = null;
        if (!bound.IsSuccess)
        {
            Error = bound.Error.Code == Errors.Mfa.CodeIncorrect.Code || bound.Error.Code == Errors.Mfa.CodeFormat.Code
                ? "The security codes are incorrect. Enter two consecutive codes from the app."
                : bound.Error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var resumed = await enrolment.ResumeAsync(Caller, Ticket, ct);
            Enrol = resumed.IsSuccess ? resumed.Value : null;
            return Page();
        }

        await LoadAsync(ct);
        Success = "The MFA device is bound. From now on, console logons ask for a code from it.";
        return Page();
    }

    public async Task<IActionResult> OnPostUnbindAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!MayManage)
        {
            return Forbid();
        }

        var serial = await mfa.UnbindAsync(Audit(), Caller, ct);
        if (serial.IsSuccess)
        {
            await mfa.DeleteAsync(Audit(), serial.Value, ct);
            Success = "The MFA device is unbound.";
        }
        else
        {
            Error = serial.Error.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Device = await mfa.FindBoundAsync(Caller, ct);
        var preference = await preferences.GetAsync(Caller.AccountId, ct);
        MayManage = Caller.IsAccount || (preference.IsSuccess && preference.Value.AllowUserToManageMFADevices);
    }
}
