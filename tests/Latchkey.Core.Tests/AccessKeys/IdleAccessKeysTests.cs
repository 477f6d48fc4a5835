using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Cluster;
using Latchkey.Core.Logons;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.AccessKeys;

/// <summary>MaxIdleDaysForAccessKeys with a controlled clock: warning period first, then disabling, once a day.</summary>
public sealed class IdleAccessKeysTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task SetMaxIdleDaysAsync(CoreHarness h, Account account, int days)
    {
        var set = await h.Get<SecurityPreferenceService>().SetAsync(CoreHarness.AsAccount(account), new SecurityPreferenceUpdate { MaxIdleDaysForAccessKeys = days }, None);
        Assert.True(set.IsSuccess, set.Error?.Code);
    }

    private static async Task<AccessKeyStatus> StatusAsync(CoreHarness h, string accessKeyId) =>
        (await h.Store.FindAccessKeyAsync(accessKeyId, None))!.Key.Status;

    private static async Task<IdleAccessKeyReportEntry> EntryAsync(CoreHarness h, Account account, string accessKeyId) =>
        (await h.Get<IdleAccessKeys>().ReportAsync(account.AccountId, None)).Single(e => e.AccessKeyId == accessKeyId);

    [Fact]
    public async Task AnIdleKey_IsWarnedFirst_ThenDisabledWhenItsIdleDaysReachTheLimit()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        await SetMaxIdleDaysAsync(h, account, 90);
        var idle = h.Get<IdleAccessKeys>();

        h.Time.Advance(TimeSpan.FromDays(75));
        var beforeWarning = await idle.RunAsync(None);
        var quiet = await EntryAsync(h, account, key.Key.AccessKeyId);
        h.Time.Advance(TimeSpan.FromDays(1));
        var warningRun = await idle.RunAsync(None);
        var warned = await EntryAsync(h, account, key.Key.AccessKeyId);
        h.Time.Advance(TimeSpan.FromDays(13));
        var dayBefore = await idle.RunAsync(None);
        var statusDayBefore = await StatusAsync(h, key.Key.AccessKeyId);
        h.Time.Advance(TimeSpan.FromDays(1));
        var due = await EntryAsync(h, account, key.Key.AccessKeyId);
        var disableRun = await idle.RunAsync(None);

        Assert.Equal((0, 0), beforeWarning);
        Assert.Equal(IdleAccessKeyAction.None, quiet.Action);
        Assert.Equal((1, 0), warningRun);
        Assert.Equal(IdleAccessKeyAction.Warned, warned.Action);
        Assert.Equal(CoreHarness.Start.AddDays(76), warned.WarnedAt);
        Assert.Equal(CoreHarness.Start.AddDays(90), warned.DisableOn);
        Assert.Contains("never used", warned.Reason, StringComparison.Ordinal);
        Assert.Equal((0, 0), dayBefore);
        Assert.Equal(AccessKeyStatus.Active, statusDayBefore);
        Assert.Equal(IdleAccessKeyAction.Disable, due.Action);
        Assert.Equal((0, 1), disableRun);
        Assert.Equal(AccessKeyStatus.Inactive, await StatusAsync(h, key.Key.AccessKeyId));
        Assert.Empty(await idle.ReportAsync(account.AccountId, None));
        var warnEvent = Assert.Single(h.Store.AuditEvents, e => e.EventName == "WarnIdleAccessKey");
        var disableEvent = Assert.Single(h.Store.AuditEvents, e => e.EventName == "DisableIdleAccessKey");
        Assert.Equal(AccessKeyRecycleBin.SystemActor, warnEvent.ActorPrincipalId);
        Assert.Equal(key.Key.AccessKeyId, disableEvent.ResourceName);
        Assert.Contains("MaxIdleDays=90", disableEvent.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyUsedDuringItsWarningPeriod_IsNotDisabled_AndIsWarnedAgainOnlyWhenIdleAgain()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        await SetMaxIdleDaysAsync(h, account, 90);
        var idle = h.Get<IdleAccessKeys>();
        h.Time.Advance(TimeSpan.FromDays(80));
        Assert.Equal((1, 0), await idle.RunAsync(None));

        await h.Store.RecordLastUseAsync([new(key.Key.AccessKeyId, new AccessKeyLastUse(h.Time.GetUtcNow(), "sts", "GetCallerIdentity", "192.0.2.1"))], None);
        h.Time.Advance(TimeSpan.FromDays(20));
        var afterUse = await idle.RunAsync(None);
        var entry = await EntryAsync(h, account, key.Key.AccessKeyId);

        Assert.Equal((0, 0), afterUse);
        Assert.Equal(AccessKeyStatus.Active, await StatusAsync(h, key.Key.AccessKeyId));
        Assert.Equal(IdleAccessKeyAction.None, entry.Action);
        Assert.Null(entry.WarnedAt);
        Assert.Equal(CoreHarness.Start.AddDays(80), entry.LastUsedDate);
        Assert.Equal(CoreHarness.Start.AddDays(170), entry.DisableOn);
    }

    [Fact]
    public async Task LoweringTheLimit_NeverDisablesWithoutAWarningPeriodFirst()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        var idle = h.Get<IdleAccessKeys>();
        h.Time.Advance(TimeSpan.FromDays(200));
        Assert.Equal((0, 0), await idle.RunAsync(None));

        await SetMaxIdleDaysAsync(h, account, 90);
        var report = await EntryAsync(h, account, key.Key.AccessKeyId);
        var first = await idle.RunAsync(None);
        h.Time.Advance(TimeSpan.FromDays(13));
        var beforeEnd = await idle.RunAsync(None);
        h.Time.Advance(TimeSpan.FromDays(1));
        var atEnd = await idle.RunAsync(None);

        Assert.Equal(IdleAccessKeyAction.Warn, report.Action);
        Assert.Equal(CoreHarness.Start.AddDays(214), report.DisableOn);
        Assert.Contains("warned now", report.Reason, StringComparison.Ordinal);
        Assert.Equal((1, 0), first);
        Assert.Equal((0, 0), beforeEnd);
        Assert.Equal((0, 1), atEnd);
    }

    [Fact]
    public async Task TheAccountsOwnKeysAndInactiveKeys_AreLeftAlone_AndAKeyEnabledAgainStartsAfresh()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var own = await h.NewKeyAsync(account);
        var key = await h.NewKeyAsync(account, "alice");
        await SetMaxIdleDaysAsync(h, account, 90);
        var idle = h.Get<IdleAccessKeys>();
        h.Time.Advance(TimeSpan.FromDays(76));
        await idle.RunAsync(None);
        h.Time.Advance(TimeSpan.FromDays(14));
        Assert.Equal((0, 1), await idle.RunAsync(None));

        Assert.True((await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), "alice", key.Key.AccessKeyId, "Active", None)).IsSuccess);
        h.Time.Advance(TimeSpan.FromDays(1));
        var dayAfterEnabling = await idle.RunAsync(None);
        var entry = await EntryAsync(h, account, key.Key.AccessKeyId);

        Assert.Equal((0, 0), dayAfterEnabling);
        Assert.Equal(AccessKeyStatus.Active, await StatusAsync(h, key.Key.AccessKeyId));
        Assert.Equal(IdleAccessKeyAction.None, entry.Action);
        Assert.Equal(CoreHarness.Start.AddDays(90 + 90), entry.DisableOn);
        Assert.Equal(AccessKeyStatus.Active, await StatusAsync(h, own.Key.AccessKeyId));
        Assert.DoesNotContain(await idle.ReportAsync(account.AccountId, None), e => e.AccessKeyId == own.Key.AccessKeyId);
    }

    [Fact]
    public async Task TheIdleJob_OnTwoNodes_RunsOnceADay_AndDisablesOnSchedule()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        await SetMaxIdleDaysAsync(h, account, 90);
        var job = h.Get<IEnumerable<IScheduledJob>>().OfType<IdleAccessKeyJob>().Single();
        var nodes = new[]
        {
            new ScheduledJobRunner(h.Store, [job], h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ScheduledJobRunner>.Instance),
            new ScheduledJobRunner(h.Store, [job], h.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ScheduledJobRunner>.Instance),
        };

        var runs = 0;
        for (var day = 0; day <= 91; day++)
        {
            foreach (var node in nodes)
            {
                runs += (await node.RunDueAsync(None)).Count;
                h.Time.Advance(TimeSpan.FromHours(6));
                runs += (await node.RunDueAsync(None)).Count;
            }

            h.Time.Advance(TimeSpan.FromHours(12));
        }

        Assert.Equal(92, runs);
        Assert.Equal(AccessKeyStatus.Inactive, await StatusAsync(h, key.Key.AccessKeyId));
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "WarnIdleAccessKey");
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "DisableIdleAccessKey");
    }
}
