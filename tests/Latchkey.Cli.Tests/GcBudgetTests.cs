using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests;

/// <summary>
/// <c>latchkey serve</c> starts itself over once with a 32 MB gen0 budget (DOTNET_GCgen0size), which
/// the runtime reads only from its environment: same process, same arguments, the operator's own
/// setting or <c>LATCHKEY_GC_GEN0_BUDGET=off</c> respected.
/// </summary>
public sealed class GcBudgetTests
{
    [Fact]
    public async Task Serve_ByDefault_RunsWithA32MegabyteGen0Budget_InTheSameProcess()
    {
        var environment = await ServeEnvironmentAsync(new Dictionary<string, string>());

        Assert.Equal("0x2000000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
    }

    [Fact]
    public async Task Serve_AfterStartingOver_StillListensForDiagnosticTools()
    {
        // dotnet-counters and dotnet-trace connect to this socket; the runtime that was replaced
        // must not leave its own in the way.
        var environment = await ServeEnvironmentAsync([], async process =>
        {
            var sockets = Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{process.Id}-*-socket");
            var socket = Assert.Single(sockets);
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            Assert.True(client.Connected);
        });

        Assert.Equal("0x2000000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
    }

    [Fact]
    public async Task Serve_WithTheOperatorsOwnBudget_KeepsIt()
    {
        var environment = await ServeEnvironmentAsync(new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x1000000" });

        Assert.Equal("0x1000000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
    }

    [Fact]
    public async Task Serve_WithTheBudgetSwitchedOff_LeavesTheRuntimeDefault()
    {
        var environment = await ServeEnvironmentAsync(new Dictionary<string, string> { ["LATCHKEY_GC_GEN0_BUDGET"] = "off" });

        Assert.False(environment.ContainsKey("DOTNET_GCgen0size"));
    }

    [Fact]
    public async Task Serve_WithAChosenBudget_UsesIt()
    {
        var environment = await ServeEnvironmentAsync(new Dictionary<string, string> { ["LATCHKEY_GC_GEN0_BUDGET"] = "0x4000000" });

        Assert.Equal("0x4000000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
    }

    /// <summary>
    /// Starts serve, waits until the process the test started (same id) answers /health/ready, and
    /// returns that process's environment as the kernel shows it (after an exec, the new one).
    /// </summary>
    private static async Task<Dictionary<string, string>> ServeEnvironmentAsync(Dictionary<string, string> environment, Func<Process, Task>? whileRunning = null)
    {
        using var folder = new TempFolder();
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[CliRunner.CliPath, "serve", "--data", Path.Combine(folder.Path, "data"), "--urls", url])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LATCHKEY_", StringComparison.Ordinal) || k.EndsWith("GCgen0size", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            var ready = false;
            for (var attempt = 0; attempt < 300 && !ready && !process.HasExited; attempt++)
            {
                try
                {
                    ready = (await http.GetAsync(url + "/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(ready, $"serve did not become ready; stderr: {(process.HasExited ? await stderr : "(running)")}");
            if (whileRunning is not null)
            {
                await whileRunning(process);
            }

            var entries = (await File.ReadAllTextAsync($"/proc/{process.Id}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return entries.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
