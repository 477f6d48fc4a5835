using Latchkey.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Latchkey.Server.Hosting;

/// <summary>Ready when the store answers a query.</summary>
internal sealed class StoreHealthCheck(ILatchkeyStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.FindAccountAsync("0000000000000000", cancellationToken);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure means "not ready"; the detail goes to the log, not the probe.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The store did not answer.", exception);
        }
    }
}
