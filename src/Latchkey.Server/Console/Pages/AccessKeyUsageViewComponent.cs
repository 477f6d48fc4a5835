using System.Globalization;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.KeyGuard;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// One key's usage cell in the AccessKey table: a 30-day bar chart (inline SVG, no script),
/// its risk notes, network policy, canary and leak state, and the allowlist its observed source
/// addresses suggest.
/// </summary>
public sealed class AccessKeyUsageViewComponent(AccessKeyGuardService guards) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(AccessKey key, IReadOnlyList<AccessKey> keys)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ct = HttpContext.RequestAborted;
        var picture = await guards.GetUsageAsync(key, keys, ct);
        var guard = await guards.FindGuardAsync(key.AccessKeyId, ct);
        var reports = (await guards.ListLeakReportsAsync(key.AccountId, ct)).Where(r => r.AccessKeyId == key.AccessKeyId).ToList();
        var policy = guard?.NetworkPolicy is { } document && AccessKeyNetworkPolicy.Parse(document) is { IsSuccess: true } parsed ? parsed.Value : null;
        return View(new AccessKeyUsageView(key, picture, guard, policy, reports));
    }
}

/// <summary>What the usage cell shows, with the chart's geometry worked out.</summary>
public sealed record AccessKeyUsageView(AccessKey Key, KeyUsagePicture Picture, AccessKeyGuard? Guard, AccessKeyNetworkPolicy? Policy, IReadOnlyList<LeakReport> LeakReports)
{
    public const int BarWidth = 5;
    public const int BarStep = 7;
    public const int ChartHeight = 40;

    public int ChartWidth => Picture.Days.Count * BarStep;

    public long TotalCalls => Picture.Days.Sum(d => d.Calls);

    public long TotalRefusals => Picture.Days.Sum(d => d.Refusals);

    public long TotalOutside => Picture.Days.Sum(d => d.OutsidePolicy);

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{TotalCalls} calls, {TotalRefusals} refused, {Picture.SourceNetworks} source networks in {Picture.Days.Count} days");

    /// <summary>Bars for one day: calls from the bottom, refusals stacked on them; heights scale to the busiest day.</summary>
    public IEnumerable<(int X, int CallsY, int CallsHeight, int RefusedY, int RefusedHeight, string Title)> Bars()
    {
        var max = Math.Max(1, Picture.Days.Max(d => d.Calls + d.Refusals));
        for (var i = 0; i < Picture.Days.Count; i++)
        {
            var day = Picture.Days[i];
            var calls = Scale(day.Calls, max);
            var refused = Scale(day.Refusals, max);
            yield return (
                i * BarStep,
                ChartHeight - calls,
                calls,
                ChartHeight - calls - refused,
                refused,
                string.Create(CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd}: {day.Calls} calls, {day.Refusals} refused, {day.Sources} addresses"));
        }
    }

    // Worded without "Active"/"Inactive": those words in a row are the key's own status.
    public string PolicyText => Policy is null
        ? Guard?.NetworkPolicy is null ? "No network policy" : "Network policy: stored, not enforced"
        : string.Create(CultureInfo.InvariantCulture, $"Network policy: {(Policy.Mode == NetworkPolicyMode.AuditOnly ? "audit only" : "enforced")}, {Policy.AllowedNetworks.Count} networks");

    // Any day with traffic shows at least one pixel.
    private static int Scale(long value, long max) => value == 0 ? 0 : (int)Math.Max(1, Math.Round(value * (double)(ChartHeight - 2) / max));
}
