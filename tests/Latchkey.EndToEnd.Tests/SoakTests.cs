using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latchkey.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Latchkey.EndToEnd.Tests;

/// <summary>
/// Soak (issue 10): `latchkey serve` with the default configuration (SQLite) under mixed load —
/// mostly signed verifies, with key creates, deletes, disables and console log ons — at about
/// 80% of the peak measured first in the same run. Prints the figures (rate, latency, 5xx, RSS,
/// open handles, threads over time); fails on any 5xx or failed request, and when open handles
/// grow by more than a small margin. The suite runs a short version; the documented command
/// (docs/operations.md, "Soak") sets LATCHKEY_SOAK_SECONDS=600.
/// </summary>
public sealed partial class SoakTests(ITestOutputHelper output)
{
    private const string Password = "Str0ng!Passw0rd";
    private const int Connections = 16;

    private static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("LATCHKEY_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 12;

    [Fact]
    public async Task Mixed_load_at_80_percent_of_peak_answers_no_5xx_and_holds_handles_flat()
    {
        var root = Directory.CreateTempSubdirectory("latchkey-soak-").FullName;
        var data = Path.Combine(root, "data");
        var accountName = "soak-" + Guid.NewGuid().ToString("N")[..8];
        var account = await BootstrapAsync(data, accountName);
        await using var server = new ServeProcess(data, new Dictionary<string, string>());
        await server.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var client = new SignedClient(http);

        // Each soak user: one key that verifies, one that is disabled and enabled again.
        var verifyKeys = new List<TestKey> { account };
        var toggleKeys = new List<(string User, string AccessKeyId)>();
        for (var u = 0; u < 4; u++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(account, "CreateUser", SignedClient.Ram, CancellationToken.None, ("UserName", $"soak-{u}"))).Status);
            for (var k = 0; k < 2; k++)
            {
                var created = await client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", $"soak-{u}"));
                var key = created.Body!.Value.GetProperty("AccessKey");
                if (k == 0)
                {
                    verifyKeys.Add(new TestKey(account.AccountId, key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("AccessKeySecret").GetString()!));
                }
                else
                {
                    toggleKeys.Add(($"soak-{u}", key.GetProperty("AccessKeyId").GetString()!));
                }
            }
        }

        for (var w = 0; w < Connections; w++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(account, "CreateUser", SignedClient.Ram, CancellationToken.None, ("UserName", $"churn-{w}"))).Status);
        }

        // Peak: closed-loop verifies on every connection.
        var peakSeconds = Math.Clamp(Seconds / 10, 3, 30);
        var peakCount = 0L;
        using (var peakStop = new CancellationTokenSource(TimeSpan.FromSeconds(peakSeconds)))
        {
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
            {
                while (!peakStop.IsCancellationRequested)
                {
                    await client.CallAsync(verifyKeys[RandomNumberGenerator.GetInt32(verifyKeys.Count)], "GetCallerIdentity", SignedClient.Sts, CancellationToken.None);
                    Interlocked.Increment(ref peakCount);
                }
            })));
        }

        var peak = peakCount / (double)peakSeconds;
        var target = peak * 0.8;
        output.WriteLine($"peak: {peak:F0} signed verifies/s on {Connections} connections over {peakSeconds} s; soak target {target:F0} requests/s for {Seconds} s");

        var stats = new Stats();
        var samples = new List<string>();
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds));
        var perWorker = TimeSpan.FromSeconds(Connections / target);
        var workers = Enumerable.Range(0, Connections).Select(w => Task.Run(() => WorkAsync(client, account, verifyKeys, toggleKeys, $"churn-{w}", perWorker, stats, stop.Token))).ToList();
        var logons = Task.Run(() => LogonLoopAsync(server.BaseAddress, accountName, stats, stop.Token));

        var sampleEvery = TimeSpan.FromSeconds(Math.Clamp(Seconds / 20, 2, 30));
        var handles = new List<int>();
        var rss = new List<long>();
        var next = sampleEvery;
        samples.Add("   time  requests     req/s   RSS MB  handles  threads  5xx");
        var lastCount = 0L;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(next - watch.Elapsed, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var count = stats.Requests;
            rss.Add(server.ResidentBytes());
            handles.Add(server.OpenHandles());
            samples.Add(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds,6:F0}s {count,9} {(count - lastCount) / sampleEvery.TotalSeconds,9:F0} {rss[^1] / 1048576.0,8:F1} {handles[^1],8} {server.Threads(),8} {stats.ServerErrors,4}"));
            lastCount = count;
            next += sampleEvery;
        }

        await Task.WhenAll([.. workers, logons]);
        var elapsed = watch.Elapsed.TotalSeconds;
        foreach (var line in samples)
        {
            output.WriteLine(line);
        }

        var latencies = stats.Latencies();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {stats.Requests} requests in {elapsed:F0} s = {stats.Requests / elapsed:F0}/s ({stats.Requests / elapsed / peak:P0} of peak); "
            + $"verifies {stats.Verifies}, creates {stats.Creates}, deletes {stats.Deletes}, disables/enables {stats.Toggles}, console log ons {stats.Logons}; "
            + $"p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms; 5xx {stats.ServerErrors}, failed requests {stats.Failures}"));
        if (rss.Count >= 3)
        {
            var third = Math.Max(1, rss.Count / 3);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS: first third avg {rss.Take(third).Average() / 1048576:F1} MB, last third avg {rss.TakeLast(third).Average() / 1048576:F1} MB, max {rss.Max() / 1048576.0:F1} MB; "
                + $"handles: min {handles.Min()}, max {handles.Max()}, first {handles[0]}, last {handles[^1]}"));
        }

        foreach (var failure in stats.FailureSamples.Take(10))
        {
            output.WriteLine("failure: " + failure);
        }

        Assert.Equal(0, stats.ServerErrors);
        Assert.Equal(0, stats.Failures);
        Assert.True(stats.Logons > 0 && stats.Creates > 0 && stats.Toggles > 0, "every kind of request ran");
        Assert.True(handles.Count == 0 || handles[^1] <= handles[0] + 64, $"open handles grew from {handles.FirstOrDefault()} to {handles.LastOrDefault()}");

        await server.KillAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    /// <summary>Open loop at <paramref name="interval"/> per request: 96% verifies; per 100, one create+delete and one disable+enable.</summary>
    private static async Task WorkAsync(SignedClient client, TestKey account, List<TestKey> verifyKeys, List<(string User, string AccessKeyId)> toggleKeys, string churnUser, TimeSpan interval, Stats stats, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var due = TimeSpan.Zero;
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            due += interval;
            if (due > clock.Elapsed)
            {
                try
                {
                    await Task.Delay(due - clock.Elapsed, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            n++;
            if (n % 100 == 0)
            {
                var created = await stats.TimeAsync(() => client.CallAsync(account, "CreateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", churnUser)));
                if (created?.Status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref stats.Creates);
                    var id = created.Value.Body!.Value.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
                    due += interval;
                    if ((await stats.TimeAsync(() => client.CallAsync(account, "DeleteAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", churnUser), ("UserAccessKeyId", id))))?.Status == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref stats.Deletes);
                    }
                }
            }
            else if (n % 100 == 50)
            {
                var (user, id) = toggleKeys[RandomNumberGenerator.GetInt32(toggleKeys.Count)];
                await stats.TimeAsync(() => client.CallAsync(account, "UpdateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", user), ("UserAccessKeyId", id), ("Status", "Inactive")));
                due += interval;
                await stats.TimeAsync(() => client.CallAsync(account, "UpdateAccessKey", SignedClient.Ram, CancellationToken.None, ("UserName", user), ("UserAccessKeyId", id), ("Status", "Active")));
                Interlocked.Increment(ref stats.Toggles);
            }
            else
            {
                var key = verifyKeys[RandomNumberGenerator.GetInt32(verifyKeys.Count)];
                var answer = await stats.TimeAsync(() => client.CallAsync(key, "GetCallerIdentity", SignedClient.Sts, CancellationToken.None));
                if (answer is { Status: HttpStatusCode.OK })
                {
                    Interlocked.Increment(ref stats.Verifies);
                }
            }
        }
    }

    /// <summary>Console log ons (antiforgery token, cookie, password check), one a second.</summary>
    private static async Task LogonLoopAsync(Uri baseAddress, string accountName, Stats stats, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var started = Stopwatch.GetTimestamp();
            try
            {
                var page = await http.GetStringAsync(new Uri("/console/logon", UriKind.Relative), CancellationToken.None);
                var token = TokenPattern().Match(page).Groups[1].Value;
                using var form = new FormUrlEncodedContent([new("LogonName", accountName), new("Password", Password), new("__RequestVerificationToken", token)]);
                using var response = await http.PostAsync(new Uri("/console/logon", UriKind.Relative), form, CancellationToken.None);
                stats.Record(response.StatusCode, Stopwatch.GetElapsedTime(started));
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Interlocked.Increment(ref stats.Logons);
                }
                else
                {
                    stats.Fail($"console log on answered {(int)response.StatusCode}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                stats.Fail(exception.GetType().Name + ": " + exception.Message);
            }

            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task<TestKey> BootstrapAsync(string data, string accountName)
    {
        using var process = Process.Start(LatchkeyProcess.StartInfo("bootstrap", "--data", data, "--account-name", accountName, "--password-stdin", "--create-access-key"))!;
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        return new TestKey(root.GetProperty("AccountId").GetString()!, root.GetProperty("AccessKeyId").GetString()!, root.GetProperty("AccessKeySecret").GetString()!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class Stats
    {
        private readonly ConcurrentBag<double> _latencies = [];
        private long _requests;
        private int _serverErrors;
        private int _failures;

        public long Verifies;
        public long Creates;
        public long Deletes;
        public long Toggles;
        public long Logons;

        public ConcurrentQueue<string> FailureSamples { get; } = new();

        public long Requests => Interlocked.Read(ref _requests);

        public int ServerErrors => Volatile.Read(ref _serverErrors);

        public int Failures => Volatile.Read(ref _failures);

        public double[] Latencies()
        {
            var all = _latencies.ToArray();
            Array.Sort(all);
            return all;
        }

        public void Record(HttpStatusCode status, TimeSpan latency)
        {
            Interlocked.Increment(ref _requests);
            _latencies.Add(latency.TotalMilliseconds);
            if ((int)status >= 500)
            {
                Interlocked.Increment(ref _serverErrors);
                FailureSamples.Enqueue($"{(int)status}");
            }
        }

        public void Fail(string what)
        {
            Interlocked.Increment(ref _failures);
            FailureSamples.Enqueue(what);
        }

        public async Task<(HttpStatusCode Status, JsonElement? Body)?> TimeAsync(Func<Task<(HttpStatusCode Status, JsonElement? Body)>> call)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await call();
                Record(answer.Status, Stopwatch.GetElapsedTime(started));
                if (answer.Status != HttpStatusCode.OK)
                {
                    Fail($"{(int)answer.Status} {SignedClient.CodeOf(answer.Body)}");
                }

                return answer;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Fail(exception.GetType().Name + ": " + exception.Message);
                return null;
            }
        }
    }
}
