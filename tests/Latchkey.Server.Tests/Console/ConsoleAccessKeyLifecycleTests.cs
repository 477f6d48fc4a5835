using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Console;

/// <summary>The console's AccessKey Lifecycle page and idle-key banner, with the server's clock moved by the test.</summary>
public sealed class ConsoleAccessKeyLifecycleTests : IDisposable
{
    private const string Password = "Str0ng!Passw0rd";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly LifecycleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AKeyInItsWarningPeriod_ShowsABannerAndTheDryRunSaysWhenAndWhy_UntilTheRunDisablesIt()
    {
        var services = _factory.Services;
        var name = "idle-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await services.GetRequiredService<AccountService>().FindByNameAsync(name, None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("dormant", null, null, null, null), None)).IsSuccess);
        var key = (await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, "dormant", None)).Value.Key;
        Assert.True((await services.GetRequiredService<SecurityPreferenceService>().SetAsync(actor, new SecurityPreferenceUpdate { MaxIdleDaysForAccessKeys = 90 }, None)).IsSuccess);
        using var early = new ConsoleSession(_factory);
        await early.LogOnAsync(name, Password);
        var quietUsers = await early.GetHtmlAsync("/console/ram/users");
        var quietAll = await early.GetHtmlAsync("/console/ram/accesskey-lifecycle?all=true");

        _factory.Clock.Offset += (TimeSpan.FromDays(80));
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(name, Password);
        var usersPage = await session.GetHtmlAsync("/console/ram/users");
        var dryRun = await session.GetHtmlAsync("/console/ram/accesskey-lifecycle");
        await services.GetRequiredService<IdleAccessKeys>().RunAsync(None);
        var afterWarning = await session.GetHtmlAsync("/console/ram/accesskey-lifecycle");
        _factory.Clock.Offset += (TimeSpan.FromDays(14));
        await services.GetRequiredService<IdleAccessKeys>().RunAsync(None);
        using var later = new ConsoleSession(_factory);
        await later.LogOnAsync(name, Password);
        var afterDisable = await later.GetHtmlAsync("/console/ram/users");

        Assert.DoesNotContain("idle-keys-banner", quietUsers, StringComparison.Ordinal);
        Assert.Contains(key.AccessKeyId, quietAll, StringComparison.Ordinal);
        Assert.Contains("Nothing", quietAll, StringComparison.Ordinal);
        Assert.Contains("idle-keys-banner", usersPage, StringComparison.Ordinal);
        Assert.Contains($"The earliest, {key.AccessKeyId} of dormant, is disabled on", usersPage, StringComparison.Ordinal);
        Assert.Contains(key.AccessKeyId, dryRun, StringComparison.Ordinal);
        Assert.Contains("<td>Warn</td>", dryRun, StringComparison.Ordinal);
        Assert.Contains("never used", dryRun, StringComparison.Ordinal);
        Assert.Contains("<td>Warned</td>", afterWarning, StringComparison.Ordinal);
        Assert.DoesNotContain("idle-keys-banner", afterDisable, StringComparison.Ordinal);
        Assert.Equal(AccessKeyStatus.Inactive, (await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().FindAccessKeyAsync(key.AccessKeyId, None))!.Key.Status);
    }

    [Fact]
    public async Task DownloadCredentialReport_SendsTheAccountsCsv()
    {
        var services = _factory.Services;
        var name = "report-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await services.GetRequiredService<AccountService>().FindByNameAsync(name, None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        Assert.True((await services.GetRequiredService<RamUserService>().CreateAsync(actor, new CreateUserInput("carl", null, null, null, null), None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(name, Password);

        using var download = await session.PostFormAsync("/console/ram/accesskey-lifecycle", "/console/ram/accesskey-lifecycle?handler=Report");
        var csv = await download.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("credential-report-", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("user,user_creation_time,user_last_logon,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("<root>,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"carl@{account.AccountId}.onaliyun.com,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLifecyclePage_IsRefusedToARamUserWithoutPermission()
    {
        var services = _factory.Services;
        var name = "idle-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await services.GetRequiredService<AccountService>().FindByNameAsync(name, None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var users = services.GetRequiredService<RamUserService>();
        var plain = (await users.CreateAsync(actor, new CreateUserInput("plain", null, null, null, null), None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "plain", "Plain#Passw0rd1", false, false, None)).IsSuccess);
        using var session = new ConsoleSession(_factory);
        await session.LogOnAsync(users.PrincipalNameOf(account, plain), "Plain#Passw0rd1");

        using var response = await session.Http.GetAsync("/console/ram/accesskey-lifecycle");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task TheLifecycleMetric_CountsEachRestorePurgeIdleWarningAndIdleDisable_TaggedOnlyByEvent()
    {
        var services = _factory.Services;
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(long Value, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "latchkey.accesskeys.lifecycle" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measurements.Enqueue((value, tags.ToArray())));
        listener.Start();
        var name = "metric-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True((await services.GetRequiredService<AccountService>().CreateAsync(name, Password, "127.0.0.1", "test", None)).IsSuccess);
        var account = (await services.GetRequiredService<AccountService>().FindByNameAsync(name, None))!;
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "test");
        var users = services.GetRequiredService<RamUserService>();
        var keys = services.GetRequiredService<AccessKeyService>();
        var bin = services.GetRequiredService<AccessKeyRecycleBin>();
        Assert.True((await users.CreateAsync(actor, new CreateUserInput("idle", null, null, null, null), None)).IsSuccess);
        Assert.True((await users.CreateAsync(actor, new CreateUserInput("busy", null, null, null, null), None)).IsSuccess);
        var idleKey = (await keys.CreateAsync(actor, "idle", None)).Value.Key;
        var restoredKey = (await keys.CreateAsync(actor, "busy", None)).Value.Key;
        var purgedKey = (await keys.CreateAsync(actor, "busy", None)).Value.Key;
        Assert.True((await services.GetRequiredService<SecurityPreferenceService>().SetAsync(actor, new SecurityPreferenceUpdate { MaxIdleDaysForAccessKeys = 90 }, None)).IsSuccess);

        Assert.True((await keys.DeleteAsync(actor, "busy", restoredKey.AccessKeyId, None)).IsSuccess);
        Assert.True((await bin.RestoreAsync(actor, null, restoredKey.AccessKeyId, None)).IsSuccess);
        Assert.True((await keys.DeleteAsync(actor, "busy", purgedKey.AccessKeyId, None)).IsSuccess);
        Assert.True((await bin.DeleteAsync(actor, null, purgedKey.AccessKeyId, None)).IsSuccess);
        Assert.True((await keys.DeleteAsync(actor, "busy", restoredKey.AccessKeyId, None)).IsSuccess);
        var countsBeforeTheJobs = Counts(measurements);
        _factory.Clock.Offset += TimeSpan.FromDays(80);
        var warnRun = await services.GetRequiredService<IdleAccessKeys>().RunAsync(None);
        var purgedByTheSchedule = await bin.PurgeDueAsync(None);
        _factory.Clock.Offset += TimeSpan.FromDays(14);
        var disableRun = await services.GetRequiredService<IdleAccessKeys>().RunAsync(None);

        Assert.Equal((1, 0), warnRun);
        Assert.Equal(1, purgedByTheSchedule);
        Assert.Equal((0, 1), disableRun);
        Assert.Equal(new Dictionary<string, long> { ["restored"] = 1, ["purged"] = 1 }, countsBeforeTheJobs);
        Assert.Equal(new Dictionary<string, long> { ["restored"] = 1, ["purged"] = 2, ["idle_warned"] = 1, ["idle_disabled"] = 1 }, Counts(measurements));
        Assert.All(measurements, m => Assert.Equal(["event"], m.Tags.Select(t => t.Key)));
        Assert.Equal(AccessKeyStatus.Inactive, (await services.GetRequiredService<Latchkey.Core.ILatchkeyStore>().FindAccessKeyAsync(idleKey.AccessKeyId, None))!.Key.Status);

        static Dictionary<string, long> Counts(IEnumerable<(long Value, KeyValuePair<string, object?>[] Tags)> all) =>
            all.GroupBy(m => (string)m.Tags.Single(t => t.Key == "event").Value!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
    }

    /// <summary>
    /// A clock the test moves by days. Its timers run in real time (a FakeTimeProvider would fire
    /// every 250 ms poller's timer millions of times to catch up with a jump of weeks).
    /// </summary>
    public sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    private sealed class LifecycleFactory : WebApplicationFactory<Program>
    {
        private readonly string _data = Directory.CreateTempSubdirectory("latchkey-lifecycle-tests-").FullName;

        public ShiftedClock Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataDirectory", _data);
            builder.UseSetting("AccessKeyLifecycle:RunJobs", "false");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(_data, recursive: true);
                }
                catch (IOException)
                {
                    // Left in the temp folder on a slow shutdown; nothing depends on it.
                }
            }
        }
    }
}
