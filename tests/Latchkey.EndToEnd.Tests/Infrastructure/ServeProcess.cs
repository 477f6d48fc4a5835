using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>
/// `latchkey serve` as a real process on a fixed loopback port, that a test can SIGKILL and start
/// again on the same data (SQLite folder, or the PostgreSQL database named by LATCHKEY_Storage__*
/// in <c>environment</c>).
/// </summary>
public sealed class ServeProcess(string dataDirectory, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int? ProcessId => _process?.Id;

    public async Task StartAsync()
    {
        var start = LatchkeyProcess.StartInfo("serve", "--data", dataDirectory, "--urls", BaseAddress.ToString().TrimEnd('/'));
        start.RedirectStandardInput = false;
        start.Environment["LATCHKEY_Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"latchkey serve exited with {_process.ExitCode} while starting.");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("latchkey serve did not become ready in 120 s.");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Resident set size of the server process (bytes), from /proc.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:") * 1024;

    /// <summary>Open file descriptors (sockets, files) of the server process.</summary>
    public int OpenHandles() => _process is null ? 0 : Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    /// <summary>Threads of the server process.</summary>
    public int Threads() => (int)ReadStatus("Threads:");

    public ValueTask DisposeAsync() => new(KillAsync());

    private long ReadStatus(string field)
    {
        if (_process is null)
        {
            return 0;
        }

        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
