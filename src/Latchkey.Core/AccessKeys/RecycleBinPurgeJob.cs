using Latchkey.Core.Cluster;

namespace Latchkey.Core.AccessKeys;

/// <summary>Deletes for good, hourly, the keys whose days in the recycle bin are over.</summary>
public sealed class RecycleBinPurgeJob(AccessKeyRecycleBin bin) : IScheduledJob
{
    public string Name => "access-key-recycle-bin-purge";

    public TimeSpan Period => TimeSpan.FromHours(1);

    public Task RunAsync(CancellationToken cancellationToken) => bin.PurgeDueAsync(cancellationToken);
}
