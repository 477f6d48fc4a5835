using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// AccessKey lifecycle: the dry run of idle-key disabling (MaxIdleDaysForAccessKeys) for the
/// account, what the next daily run does to each RAM user's key and why. Changes nothing.
/// </summary>
public sealed class AccessKeyLifecycleModel(IdleAccessKeys idle, SecurityPreferenceService preferences, CredentialReports reports, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true, Name = "all")]
    public bool ShowAll { get; set; }

    public IReadOnlyList<IdleAccessKeyReportEntry> Entries { get; private set; } = [];

    public int MaxIdleDays { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:ListAccessKeys", null, ct))
        {
            return NoPermission();
        }

        var preference = await preferences.GetAsync(Caller.AccountId, ct);
        MaxIdleDays = preference.IsSuccess ? preference.Value.MaxIdleDaysForAccessKeys : 0;
        Entries = [.. (await idle.ReportAsync(Caller.AccountId, ct))
            .Where(entry => ShowAll || entry.Action != IdleAccessKeyAction.None)
            .OrderBy(entry => entry.DisableOn)];
        return Page();
    }

    /// <summary>
    /// Download Credential Report: generates the account's report (or reuses one newer than 4
    /// hours, as GenerateCredentialReport) and sends the whole CSV as a file. It holds no secret.
    /// </summary>
    public async Task<IActionResult> OnPostReportAsync(CancellationToken ct)
    {
        var account = ResourceNames.Account(Caller.AccountId);
        if (!await MayOnAsync("ram:GenerateCredentialReport", account, ct) || !await MayOnAsync("ram:GetCredentialReport", account, ct))
        {
            return NoPermission();
        }

        var generated = await reports.GenerateAsync(Audit(), ct);
        var page = generated.IsSuccess ? await reports.GetAsync(Caller.AccountId, null, null, ct) : generated.Error;
        if (!page.IsSuccess)
        {
            return StatusCode(StatusCodes.Status500InternalServerError);
        }

        var name = $"credential-report-{page.Value.GeneratedTime.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv";
        return File(System.Text.Encoding.UTF8.GetBytes(page.Value.Csv), "text/csv; charset=utf-8", name);
    }
}
