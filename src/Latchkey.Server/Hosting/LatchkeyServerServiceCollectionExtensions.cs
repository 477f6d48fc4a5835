using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Users;
using Latchkey.Server.Api;
using Latchkey.Server.Redis;
using Latchkey.Storage.PostgreSql;
using Latchkey.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Latchkey.Server.Hosting;

/// <summary>Everything the server registers: options, store, Redis adapters, Core, the RPC endpoint.</summary>
public static class LatchkeyServerServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Api.SecretScanning.SecretScanningOptions>().BindConfiguration(Api.SecretScanning.SecretScanningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Api.SecretScanning.SecretScanningRateLimiter>();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, HostOptionsValidator>();

        // The master key lives in the data folder unless MasterKey:DataDirectory or KeyFile says otherwise.
        services.AddOptions<MasterKeyOptions>().PostConfigure<IOptions<StorageOptions>, IConfiguration>((masterKey, storage, config) =>
        {
            if (string.IsNullOrEmpty(config[$"{MasterKeyOptions.SectionName}:{nameof(MasterKeyOptions.DataDirectory)}"]))
            {
                masterKey.DataDirectory = storage.Value.DataDirectory;
            }
        });

        services.AddLatchkeyStore();
        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"]))
        {
            services.AddLatchkeyRedis();
        }

        services.AddLatchkeyCore(configuration);

        services.AddSingleton(ActionTable.Default);
        services.AddSingleton<ApiResponseWriter>();
        services.AddSingleton<RpcEndpoint>();
        services.AddHostedService<StoreMigrationService>();
        // The poller takes its starting point in the change log before the known-id load reads
        // the store, so a key created in between reaches the set through the log.
        services.AddHostedService<AccessKeyChangePoller>();
        services.AddHostedService<KnownAccessKeyIdsLoader>();
        services.AddHostedService<ClusterMembershipService>();
        services.AddHostedService<LastUseFlushService>();
        services.AddHostedService<KeyUsageFlushService>();
        services.AddHostedService<ScheduledJobService>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    private static void AddLatchkeyStore(this IServiceCollection services)
    {
        services.AddSingleton<ILatchkeyStore>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider switch
            {
                StorageProvider.PostgreSql => new PostgreSqlLatchkeyStore(storage.ConnectionString!),
                _ => SqliteLatchkeyStore.OpenDataFolder(storage.DataDirectory),
            };
        });
        services.AddSingleton<IAccountStore>(provider => provider.GetRequiredService<ILatchkeyStore>());
        services.AddSingleton<IRamUserStore>(provider => provider.GetRequiredService<ILatchkeyStore>());
        services.AddSingleton<IAccessKeyStore>(provider => provider.GetRequiredService<ILatchkeyStore>());
        services.AddSingleton<IAuditStore>(provider => provider.GetRequiredService<ILatchkeyStore>());
    }

    // Registered before AddLatchkeyCore, whose in-process defaults are TryAdd and so step aside.
    private static void AddLatchkeyRedis(this IServiceCollection services)
    {
        services.AddSingleton<IConnectionMultiplexer>(provider =>
            ConnectionMultiplexer.Connect(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration!));
        services.TryAddSingleton<INonceStore, RedisNonceStore>();
        services.TryAddSingleton<IAccessKeyChangeFeed, RedisAccessKeyChangeFeed>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }
}
