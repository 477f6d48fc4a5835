namespace Latchkey.Core.Cluster;

/// <summary>Work that runs once per <see cref="Period"/> on one node of many (see <see cref="ScheduledJobRunner"/>).</summary>
public interface IScheduledJob
{
    /// <summary>The job's row in the lease table; stable across versions.</summary>
    string Name { get; }

    TimeSpan Period { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
