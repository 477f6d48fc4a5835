namespace Latchkey.Browser.Tests;

/// <summary>The accessibility check itself: active in every test, and it finds what it must.</summary>
[Collection(ConsoleTests.Name)]
public sealed class AxeAuditTests(ConsoleFixture fixture)
{
    [Fact]
    public void EveryTest_RunsUnderTheAudit() => Assert.NotNull(AxeAudit.Current);

    [Fact]
    public async Task Audit_FindsLowContrast_NamelessLinks_AndUnreachableScrollRegions()
    {
        var page = await fixture.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>
            <button style="background:#ff6a00;color:#fff;border:0">Create AccessKey</button>
            <a href="/console/"><span aria-hidden="true">x</span></a>
            <div style="overflow-x:auto;width:100px"><table><tr><td style="white-space:nowrap">a very long cell that needs scrolling to be read</td></tr></table></div>
            </main></body></html>
            """);

        var violations = await AxeAudit.RunAsync(page);

        Assert.Contains(violations, v => v.StartsWith("color-contrast (serious)", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("link-name (serious)", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("scrollable-region-focusable (serious)", StringComparison.Ordinal));
    }
}
