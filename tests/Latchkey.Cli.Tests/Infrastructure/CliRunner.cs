using System.Diagnostics;

namespace Latchkey.Cli.Tests.Infrastructure;

/// <summary>Runs the built <c>latchkey</c> (artifacts/bin/Latchkey.Cli/&lt;config&gt;/latchkey.dll) as a process.</summary>
public static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string CliPath { get; } = FindCli();

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing of the machine's own Latchkey set-up may leak into a test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LATCHKEY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["LATCHKEY_CONFIG_DIR"] = Path.Combine(Path.GetTempPath(), "latchkey-cli-tests-unset-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Latchkey.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Latchkey.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string FindCli()
    {
        // The test runs from artifacts/bin/<TestProject>/<config>/; the CLI was built beside it.
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var path = Path.Combine(RepositoryRoot, "artifacts", "bin", "Latchkey.Cli", config, "latchkey.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found; build src/Latchkey.Cli first.");
    }
}
