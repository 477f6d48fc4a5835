using Latchkey.Core.Cluster;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Moves the open server-side rotations on (<see cref="AccessKeyRotations.RunAsync"/>) on one node
/// of many, at every check of the scheduled jobs (half the check interval, so nodes ticking at
/// about the same moment run it once).
/// </summary>
public sealed class AccessKeyRotationJob(AccessKeyRotations rotations, IOptions<AccessKeyLifecycleOptions> options) : IScheduledJob
{
    public string Name => "access-key-rotations";

    public TimeSpan Period => options.Value.CheckInterval / 2;

    public Task RunAsync(CancellationToken cancellationToken) => rotations.RunAsync(cancellationToken);
}
