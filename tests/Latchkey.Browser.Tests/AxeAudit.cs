using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// axe-core (npm, pinned in axe/package-lock.json) on every console page a browser test visits: each page
/// as the test sees it, when it has loaded, and each address again at desktop width (1280 px) and at
/// 390 px once the test is done. Any serious or critical WCAG 2.1 A/AA violation fails the test
/// (<see cref="AxeAuditAttribute"/>, applied to every test of the assembly).
/// </summary>
public sealed partial class AxeAudit
{
    public static readonly (int Width, int Height)[] Widths = [(1280, 860), (390, 800)];

    private const string Run = """
        async () => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')}`);
        }
        """;

    private static readonly AsyncLocal<AxeAudit?> CurrentAudit = new();
    private static readonly ConcurrentDictionary<string, bool> Revisited = new(StringComparer.Ordinal);
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(SourcePath()));

    private readonly ConcurrentQueue<Task> _pending = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<(IBrowserContext Context, string Url)> _visited = new();

    /// <summary>The audit of the running test; null outside a test.</summary>
    public static AxeAudit? Current => CurrentAudit.Value;

    /// <summary>The axe-core script, added to every browser context before any page script runs (no CSP applies to it).</summary>
    public static string Script => Source.Value;

    internal static void Begin() => CurrentAudit.Value = new AxeAudit();

    internal static void End() => CurrentAudit.Value = null;

    /// <summary>Audits <paramref name="page"/> each time a document finishes loading in it.</summary>
    public void Watch(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Load += (_, loaded) =>
        {
            var url = loaded.Url;
            if (url.StartsWith("http", StringComparison.Ordinal))
            {
                _visited.Enqueue((loaded.Context, url));
                _pending.Enqueue(AuditLiveAsync(loaded, url));
            }
        };
    }

    /// <summary>The serious and critical violations on the page as it is now.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>(Run);
    }

    /// <summary>Waits for the live audits, audits every visited address at both widths, and describes every violation found.</summary>
    internal async Task<string?> FinishAsync()
    {
        while (_pending.TryDequeue(out var pending))
        {
            await pending;
        }

        foreach (var (context, url) in _visited)
        {
            foreach (var (width, height) in Widths)
            {
                if (!Revisited.TryAdd($"{width} {Shape(url)}", true))
                {
                    continue;
                }

                IPage? page = null;
                try
                {
                    page = await context.NewPageAsync();
                    await page.SetViewportSizeAsync(width, height);
                    await page.GotoAsync(url);
                    Report(width, page.Url, await RunAsync(page));
                }
                catch (PlaywrightException)
                {
                    // The context was closed by the test; its pages were audited live.
                }
                finally
                {
                    if (page is not null)
                    {
                        await page.CloseAsync();
                    }
                }
            }
        }

        if (_violations.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder("axe-core found serious or critical accessibility violations (WCAG 2.1 A/AA):\n");
        foreach (var violation in _violations.Distinct())
        {
            text.Append("  ").AppendLine(violation);
        }

        return text.ToString();
    }

    private async Task AuditLiveAsync(IPage page, string url)
    {
        try
        {
            Report(page.ViewportSize?.Width ?? 0, url, await RunAsync(page));
        }
        catch (PlaywrightException)
        {
            // The test navigated on before axe finished; the next page load is audited, and this
            // address again when the test is done.
        }
    }

    private void Report(int width, string url, IReadOnlyList<string> violations)
    {
        foreach (var violation in violations)
        {
            _violations.Enqueue($"{new Uri(url).PathAndQuery} at {width} px: {violation}");
        }
    }

    /// <summary>An address with its per-test names (users, accounts named with random suffixes) and query left out.</summary>
    private static string Shape(string url) => RandomSegment().Replace(new Uri(url).AbsolutePath, "*");

    [GeneratedRegex("(?<=/)[^/]*[0-9][^/]*|(?<=/console/ram/users/)[^/]+")]
    private static partial Regex RandomSegment();

    private static string SourcePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Latchkey.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? ".", "tests", "Latchkey.Browser.Tests", "axe", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found; run npm ci in tests/Latchkey.Browser.Tests/axe (scripts/test.sh does).");
    }
}
