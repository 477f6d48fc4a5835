using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// AccessKey lifecycle: the dry run of idle-key disabling (MaxIdleDaysForAccessKeys) for the
/// account, what the next daily run does to each RAM user's key and why. Changes nothing.
/// </summary>
public sealed class AccessKeyLifecycleModel(IdleAccessKeys idle, SecurityPreferenceService preferences, Authorizer authorizer) : RamPageModel(authorizer)
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
}
