using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Applies the store's forward-only migrations before the server takes requests.
/// The secret protector is resolved here too, so a first start creates the master key file at once.
/// </summary>
internal sealed class StoreMigrationService(ILatchkeyStore store, ISecretProtector protector, ILogger<StoreMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        Log.StoreMigrated(logger, store.GetType().Name, protector.CurrentKeyVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
