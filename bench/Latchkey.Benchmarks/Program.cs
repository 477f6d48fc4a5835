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
    return SignatureBenchmarks.RunRatio(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200, args.Length > 2 ? args[2] : null);
}

// `netpolicy-ratio [rounds]`: a key with a ten-network policy against a key without, through the
// authenticator and through the whole in-process HTTP pipeline, fastest block of each (issue 14).
if (args is ["netpolicy-ratio", ..])
{
    var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    await NetworkPolicyBenchmarks.RunRatioAsync(rounds, 512);
    await HttpPipelineBenchmarks.RunNetworkPolicyRatioAsync(rounds, 512);
    return 0;
}

// `pipeline-ratio [rounds]`: the HTTP pipeline as it was before the RPC branch ahead of routing and as it is, interleaved.
if (args is ["pipeline-ratio", ..])
{
    await HttpPipelineBenchmarks.RunPipelineRatioAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100, 512);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(SignatureBenchmarks).Assembly).Run(args);
return 0;
