using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>Writes docs screenshots when LATCHKEY_SCREENSHOTS names a folder (scripts/screenshots.sh sets it).</summary>
internal static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("LATCHKEY_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
