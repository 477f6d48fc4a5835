using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Latchkey.Server.Redis;

/// <summary>Ready only while Redis answers: without it no node can check nonces or hear key changes.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure means "not ready"; the detail goes to the log, not the probe.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("Redis did not answer.", exception);
        }
    }
}
