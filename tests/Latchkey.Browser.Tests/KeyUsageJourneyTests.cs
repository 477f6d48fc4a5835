using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// AccessKey Management shows each key's usage: the 30-day chart (inline SVG), its risk notes,
/// network policy and what an audit-only policy would refuse, the suggested allowlist and a leak
/// report. Today's traffic is real signed requests from 127.0.0.1; the 29 days before it are
/// written into the usage store as the flush would have written them.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class KeyUsageJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task AccessKeyManagement_ShowsUsageChartRiskNotesAndLeakReport()
    {
        var services = fixture.Services;
        var name = "usage-" + Guid.NewGuid().ToString("N")[..10];
        var account = (await services.GetRequiredService<AccountService>().CreateAsync(name, ConsoleSteps.Password, "127.0.0.1", "setup", CancellationToken.None)).Value;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "setup");
        var keys = services.GetRequiredService<AccessKeyService>();
        var guards = services.GetRequiredService<AccessKeyGuardService>();
        var busy = (await keys.CreateAsync(actor, null, CancellationToken.None)).Value;
        var leaked = (await keys.CreateAsync(actor, null, CancellationToken.None)).Value;
        var busyId = busy.Key.AccessKeyId;

        // The month before today, as the usage flush would have stored it.
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var history = new List<AccessKeyUsageHour>();
        var sources = new List<AccessKeyUsageSource>();
        for (var i = 1; i < 30; i++)
        {
            var day = new DateTimeOffset(today.AddDays(-i).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            history.Add(new AccessKeyUsageHour(busyId, day, 40 + (i * 37 % 60), i % 7 == 0 ? 12 : i % 3, 0));
            sources.Add(new AccessKeyUsageSource(busyId, day.Date, "198.51.100." + (10 + (i % 4)), 30, 0));
        }

        await services.GetRequiredService<IAccessKeyUsageStore>().RecordAccessKeyUsageAsync(history, sources, CancellationToken.None);

        // Today: an audit-only policy for the office network; calls from 127.0.0.1 pass and are recorded as outside it.
        var set = await guards.SetNetworkPolicyAsync(actor, null, busyId, """{"Version":1,"Status":"AuditOnly","Statements":[{"Type":"ClassicWhiteList","IPList":["198.51.100.0/24"]}]}""", CancellationToken.None);
        Assert.True(set.IsSuccess, set.Error?.Code);
        for (var i = 0; i < 5; i++)
        {
            await ConsoleSteps.GetCallerIdentityAsync(fixture.Http, busyId, busy.Secret.Reveal());
        }

        var (wrongStatus, _) = await ConsoleSteps.SendGetCallerIdentityAsync(fixture.Http, busyId, "not-the-secret-of-this-key-000");
        Assert.Equal(400, wrongStatus);
        var report = await guards.ReportLeakAsync(leaked.Key.AccessKeyId, "github", "https://github.com/example/app/blob/main/.env", LeakAction.Restrict, "127.0.0.1", "test", CancellationToken.None);
        Assert.NotNull(report.Value);
        await services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
        await services.GetRequiredService<LastUseRecorder>().FlushAllAsync(CancellationToken.None);

        var page = await fixture.NewPageAsync(1440, 760);
        await ConsoleSteps.LogOnAsync(page, name);
        await page.GotoAsync("/console/accesskeys");
        await page.GetByRole(AriaRole.Heading, new() { Name = "AccessKey Management" }).WaitForAsync();

        var row = ConsoleSteps.Row(page, busyId);
        var chart = row.GetByRole(AriaRole.Img, new() { NameRegex = new("^Usage of " + busyId) });
        Assert.Contains("calls", await chart.GetAttributeAsync("aria-label"), StringComparison.Ordinal);
        Assert.Equal(30, await row.Locator("svg.usage-chart rect.usage-track").CountAsync());
        Assert.Equal(30, await row.Locator("svg.usage-chart rect.usage-calls").CountAsync());
        Assert.True(await row.Locator("svg.usage-chart rect.usage-refused").CountAsync() >= 20);
        var todayBar = row.Locator("svg.usage-chart g").Last;
        Assert.Contains(": 5 calls, 1 refused, 1 addresses", await todayBar.Locator("title").TextContentAsync(), StringComparison.Ordinal);
        var text = await row.TextContentAsync();
        Assert.Contains("Two keys enabled", text, StringComparison.Ordinal);
        Assert.Contains("Network policy: audit only, 1 networks", text, StringComparison.Ordinal);
        Assert.Contains("Outside the policy: 127.0.0.1 (would be refused)", text, StringComparison.Ordinal);
        await row.GetByText("Suggested allowlist").ClickAsync();
        Assert.Contains("198.51.100.0/24", await row.Locator(".usage-suggestion code").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", await row.Locator(".usage-suggestion code").TextContentAsync(), StringComparison.Ordinal);

        var leakedRow = ConsoleSteps.Row(page, leaked.Key.AccessKeyId);
        Assert.Contains("Leak reported", await leakedRow.Locator(".badge.leak").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Never used", await leakedRow.Locator(".risk-notes").TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(busy.Secret.Reveal(), await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "accesskey-usage");
    }
}
