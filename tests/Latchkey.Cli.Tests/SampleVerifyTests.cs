using System.Diagnostics;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>samples/verify (docs/verify-api.md) run the way the docs say, without its variables.</summary>
public sealed class SampleVerifyTests
{
    [Fact]
    public async Task VerifySample_WithoutVariables_ExplainsWhatToSet_WithoutAStackTrace()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(CliRunner.RepositoryRoot, "samples", "verify"),
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("verify.cs");
        foreach (var name in (string[])["CLIENT_ID", "CLIENT_SECRET", "RS_ID", "RS_SECRET", "LATCHKEY_ENDPOINT"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}\n{await stdout}\n{stderr}");
        Assert.Contains("set CLIENT_ID, CLIENT_SECRET, RS_ID, RS_SECRET first", stderr, StringComparison.Ordinal);
        Assert.Contains("docs/verify-api.md", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
