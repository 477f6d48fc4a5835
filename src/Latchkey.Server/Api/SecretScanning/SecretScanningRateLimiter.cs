using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Api.SecretScanning;

/// <summary>
/// SecretScanning:MaxReportsPerMinutePerSource: one fixed one-minute window per source address.
/// The framework's partitioned limiter drops the windows of addresses that went quiet, so memory
/// follows the addresses seen in the last minutes, not every address ever seen.
/// </summary>
internal sealed class SecretScanningRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public SecretScanningRateLimiter(IOptions<SecretScanningOptions> options)
    {
        var permits = options.Value.MaxReportsPerMinutePerSource;
        if (permits > 0)
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(source => RateLimitPartition.GetFixedWindowLimiter(source, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        }
    }

    /// <summary>Takes one report's permit for <paramref name="sourceIp"/>; false (with when to retry) once the minute's are used.</summary>
    public bool TryAcquire(string sourceIp, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(sourceIp);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return false;
    }

    public void Dispose() => _limiter?.Dispose();
}
