using BenchmarkDotNet.Running;
using Latchkey.Benchmarks;

// `profile <row> [requests]`: the HttpPipelineBenchmarks setup, then one row in a loop, with the
// allocations sampled by type (see PipelineProfile); attach dotnet-trace to the process for stacks.
if (args is ["profile", var row, ..])
{
    return await PipelineProfile.RunAsync(row, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
}

// `session-ratio [rounds]`: session-signed against key-signed requests, fastest block of each (SessionAuthenticationBenchmarks).
if (args is ["session-ratio", ..])
{
    return await SessionAuthenticationBenchmarks.RunRatioAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
}

// `signature-ratio [rounds]`: parse + verify beside the bare HMAC, fastest block of each (SignatureBenchmarks).
if (args is ["signature-ratio", ..])
{
    return SignatureBenchmarks.RunRatio(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
}

BenchmarkSwitcher.FromAssembly(typeof(SignatureBenchmarks).Assembly).Run(args);
return 0;
