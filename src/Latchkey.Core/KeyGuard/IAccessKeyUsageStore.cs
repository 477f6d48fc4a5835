namespace Latchkey.Core.KeyGuard;

/// <summary>Hourly usage counters and daily source addresses of keys, written in batches off the request path.</summary>
public interface IAccessKeyUsageStore
{
    /// <summary>Adds the counts to what is stored (rows are created as needed); one transaction per batch.</summary>
    Task RecordAccessKeyUsageAsync(IReadOnlyCollection<AccessKeyUsageHour> hours, IReadOnlyCollection<AccessKeyUsageSource> sources, CancellationToken cancellationToken);

    /// <summary>The key's hours from <paramref name="since"/> on, oldest first.</summary>
    Task<IReadOnlyList<AccessKeyUsageHour>> ReadAccessKeyUsageAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The key's daily sources from <paramref name="since"/> on, oldest first.</summary>
    Task<IReadOnlyList<AccessKeyUsageSource>> ReadAccessKeyUsageSourcesAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Forgets hours and days that began before <paramref name="before"/>; returns how many rows.</summary>
    Task<int> PruneAccessKeyUsageAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
