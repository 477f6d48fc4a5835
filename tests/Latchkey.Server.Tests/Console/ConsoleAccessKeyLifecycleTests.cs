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
