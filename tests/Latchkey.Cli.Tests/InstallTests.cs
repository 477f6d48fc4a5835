using System.Diagnostics;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>The `latchkey` command as docs/cli.md installs it: a .NET tool package, and shell completion.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallTests
{
    [Fact]
    public async Task ToolPackage_InstallsALatchkeyCommand_ThatRuns()
    {
        using var folder = new TempFolder();
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var feed = Path.Combine(folder.Path, "feed");
        var tools = Path.Combine(folder.Path, "tools");

        // docs/cli.md: dotnet pack ... && dotnet tool install --global --add-source ...; --tool-path keeps the machine's tools alone.
        var pack = await RunAsync("dotnet", ["pack", Path.Combine(CliRunner.RepositoryRoot, "src", "Latchkey.Cli"), "-c", config, "--no-build", "-o", feed]);
        var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "Latchkey.Cli"]);
        var help = await RunAsync(Path.Combine(tools, "latchkey"), ["--help"]);
        var typo = await RunAsync(Path.Combine(tools, "latchkey"), ["export", "--fromat", "json"]);

        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.Single(Directory.GetFiles(feed, "Latchkey.Cli.*.nupkg"));
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("master-key", help.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, typo.ExitCode);
    }

    [Theory]
    [InlineData("latchkey us", "users")]
    [InlineData("latchkey users l", "list")]
    [InlineData("latchkey master-key r", "rotate")]
    [InlineData("latchkey export --fo", "--format")]
    [InlineData("latchkey keys create --cs", "--csv")]
    public async Task BashCompletion_CompletesCommandsAndOptions(string line, string expected)
    {
        using var folder = new TempFolder();
        var wrapper = Path.Combine(folder.Path, "latchkey");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet '{CliRunner.CliPath}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = await CliRunner.RunAsync(["completion", "bash"]);
        Assert.True(script.ExitCode == 0, script.ToString());
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "completion.bash"), script.StdOut);

        // What bash does on Tab: COMP_* describe the line, the function fills COMPREPLY.
        var complete = await RunAsync("bash", ["--noprofile", "--norc", "-c", """
            PATH="$1:$PATH"
            source "$1/completion.bash"
            COMP_LINE="$2"; COMP_POINT=${#2}
            read -ra COMP_WORDS <<< "$2"
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            _latchkey_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """, "bash", folder.Path, line]);

        Assert.True(complete.ExitCode == 0, complete.ToString());
        Assert.Contains(expected, complete.StdOut.Split('\n'));
    }

    private static async Task<CliResult> RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
