using Latchkey.Core.Authentication;
using Microsoft.Extensions.Hosting;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Starts loading the AccessKeyIds once the store is migrated (it is registered after
/// <see cref="StoreMigrationService"/>), without holding up start: until the load completes every
/// well-formed id goes to the store, as it would without the filter.
/// </summary>
internal sealed class KnownAccessKeyIdsLoader(KnownAccessKeyIds known) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = known.LoadAsync(CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
