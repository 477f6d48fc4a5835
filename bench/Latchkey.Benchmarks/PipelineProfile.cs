using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Latchkey.Benchmarks;

/// <summary>
/// Where the bytes of one request go: runs one <see cref="HttpPipelineBenchmarks"/> row in a loop
/// and listens to the runtime's GC AllocationTick events (one sample about every 100 KB allocated,
/// naming the type of the object that crossed the mark), then prints the sampled types with their
/// share and bytes per request. Sampling, so the split is statistical; the exact total per request
/// is <c>GC.GetAllocatedBytesForCurrentThread</c> over the loop.
/// </summary>
internal static class PipelineProfile
{
    public static async Task<int> RunAsync(string row, int requests)
    {
        // A fixed pool whatever the count, so two runs differ only in the requests they make:
        // (instructions of a run of N2 - those of N1) / (N2 - N1) is the cost of one request.
        var bench = new HttpPipelineBenchmarks { PoolSize = Math.Max(requests, 100_000) + 16 };
        bench.Setup();
        Func<Task<int>> call = row switch
        {
            "plain" => bench.PlainKestrelEndpoint,
            "v1" => bench.V1_GetCallerIdentity,
            "v3" => bench.V3_GetCallerIdentity,
            "list" => bench.V3_ListAccessKeys,
            _ => throw new ArgumentException("row: plain, v1, v3 or list"),
        };

        // Warm up (tiering) on a tenth of the pool, then measure the rest with sampling on.
        var warm = requests / 10;
        for (var i = 0; i < warm; i++)
        {
            await call();
        }

        // A marker for an external profiler (perf record -p, dotnet-trace collect -p) to attach on.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measuring: process {Environment.ProcessId}"));
        using var listener = new AllocationListener(GetCurrentThreadId());
        var measured = requests - warm;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var pending = 0;
        for (var i = 0; i < measured; i++)
        {
            var task = call();
            if (!task.IsCompleted)
            {
                pending++;
            }

            if (await task != 200)
            {
                throw new InvalidOperationException("a request was not accepted");
            }
        }

        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var thread = GC.GetAllocatedBytesForCurrentThread() - before;
        var total = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row {row}: {measured} requests, {clock.Elapsed.TotalMicroseconds / measured:F1} us each (wall), {cpu.TotalMicroseconds / measured:F1} us CPU (process), {(double)thread / measured:F0} B/request on this thread, {(double)total / measured:F0} B/request in the process, {pending} did not complete synchronously"));
        var samples = listener.Samples.ToArray();
        var sampled = samples.Sum(s => s.Value);
        foreach (var (type, bytes) in samples.OrderByDescending(s => s.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes * 100.0 / sampled,6:F1} %  {(double)bytes / sampled * total / measured,7:F0} B/req  {type}"));
        }

        bench.Cleanup();
        return 0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int LinuxThreadId();

    private static long GetCurrentThreadId() => OperatingSystem.IsLinux() ? LinuxThreadId() : Environment.CurrentManagedThreadId;

    private sealed class AllocationListener : EventListener
    {
        private readonly long _requestThread;

        // Events are dispatched on the listener's own thread; OSThreadId names the allocating one.
        public AllocationListener(long requestThread) => _requestThread = requestThread;

        public ConcurrentDictionary<string, long> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1 /* GC */);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.Payload is { } payload)
            {
                var name = eventData.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
                var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], CultureInfo.InvariantCulture) : 100_000;
                if (eventData.OSThreadId != _requestThread)
                {
                    name += " (another thread)";
                }

                Samples.AddOrUpdate(name, amount, (_, sum) => sum + amount);
            }
        }
    }
}
