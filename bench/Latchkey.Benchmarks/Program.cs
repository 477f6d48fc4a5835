using BenchmarkDotNet.Running;
using Latchkey.Benchmarks;

// `profile <row> [requests]`: the HttpPipelineBenchmarks setup, then one row in a loop, with the
// allocations sampled by type (see PipelineProfile); attach dotnet-trace to the process for stacks.
if (args is ["profile", var row, ..])
{
    return await PipelineProfile.RunAsync(row, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
}

BenchmarkSwitcher.FromAssembly(typeof(SignatureBenchmarks).Assembly).Run(args);
return 0;
