using Latchkey.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 (random port, fresh data folder) started in-process from
/// LatchkeyHost, and Debian's headless Chromium driven by Playwright.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("latchkey-browser-tests-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _app!.Services;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = LatchkeyHost.CreateBuilder(
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:DataDirectory", _dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            // Every journey signs up its own account on this one server.
            "--Identity:AllowSignUp", "true",
            // A rotated key stays disabled a while before the recycle bin, so RotationJourneyTests can show that state;
            // that test drives the scheduled jobs' code itself on a shifted clock, so this node runs none of its own.
            "--AccessKeyLifecycle:RotationRecycleHold", "00:10:00",
            "--AccessKeyLifecycle:RunJobs", "false",
        ]);
        _app = LatchkeyHost.Build(builder);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/");
        Http = new HttpClient { BaseAddress = BaseUrl };

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LATCHKEY_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser profile: its own cookies, downloads allowed, clipboard granted for the server.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl.ToString(),
            AcceptDownloads = true,
            ViewportSize = new() { Width = width, Height = height },
            Locale = "en-US",
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = BaseUrl.ToString().TrimEnd('/') });
        // A ceiling for waits, not a speed check: on 2 shared cores under a full test run a step
        // once took longer than Playwright's default 30 s.
        context.SetDefaultTimeout(120_000);
        // axe-core on every page of every test (AxeAudit); an init script, so the console's CSP does not apply.
        await context.AddInitScriptAsync(AxeAudit.Script);
        var page = await context.NewPageAsync();
        AxeAudit.Current?.Watch(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown stays in the temp folder; nothing depends on it.
        }
    }
}
