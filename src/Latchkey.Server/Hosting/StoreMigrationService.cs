using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Applies the store's forward-only migrations before the server takes requests, then checks that
/// this node's master key decrypts the store (refusing to start with a message that says so when
/// it does not) and rewrites secrets of the legacy format so they are bound to their owner.
/// The secret protector is resolved here too, so a first start creates the master key file at once.
/// </summary>
internal sealed class StoreMigrationService(ILatchkeyStore store, MasterKeyRing ring, ISecretProtector protector, ILogger<StoreMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await MasterKeyCheck.VerifyAndRecordAsync(store, ring, protector, cancellationToken);
        var upgraded = await MasterKeyRotation.UpgradeLegacyRowsAsync(store, protector, cancellationToken);
        if (upgraded > 0)
        {
            Log.LegacySecretsUpgraded(logger, upgraded);
        }

        Log.StoreMigrated(logger, store.GetType().Name, protector.CurrentKeyVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
