using Latchkey.Core.AccessKeys;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console;

/// <summary>
/// The console banner of idle-key disabling: shown to the account on the RAM pages while any
/// RAM user's key is in its warning period (or due), with a link to the dry-run report.
/// </summary>
public sealed class IdleKeysBannerViewComponent(IdleAccessKeys idle) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (ConsoleClaims.PrincipalOf(HttpContext.User) is not { IsAccount: true } caller)
        {
            return Content("");
        }

        var due = (await idle.ReportAsync(caller.AccountId, HttpContext.RequestAborted))
            .Where(entry => entry.Action != IdleAccessKeyAction.None)
            .OrderBy(entry => entry.DisableOn)
            .ToList();
        return due.Count == 0 ? Content("") : View(due);
    }
}
