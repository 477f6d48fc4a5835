using Latchkey.Core.Cluster;

namespace Latchkey.Core.AccessKeys;

/// <summary>Warns and disables idle keys (MaxIdleDaysForAccessKeys) once a day, on one node of many.</summary>
public sealed class IdleAccessKeyJob(IdleAccessKeys idle) : IScheduledJob
{
    public string Name => "idle-access-keys";

    public TimeSpan Period => TimeSpan.FromDays(1);

    public Task RunAsync(CancellationToken cancellationToken) => idle.RunAsync(cancellationToken);
}
