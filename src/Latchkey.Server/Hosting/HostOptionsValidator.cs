using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>Stops start-up on impossible combinations, naming the setting to change.</summary>
internal sealed class HostOptionsValidator(IOptions<RedisOptions> redis, IOptions<ClusterOptions> cluster) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Storage:Provider must be Sqlite or PostgreSql.");
        }

        if (options.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Storage:DataDirectory must name a folder for the SQLite store.");
        }

        if (options.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Storage:ConnectionString is required when Storage:Provider is PostgreSql (e.g. LATCHKEY_Storage__ConnectionString).");
        }

        if (options.Provider == StorageProvider.Sqlite && cluster.Value.Nodes > 1)
        {
            failures.Add("Cluster:Nodes > 1 needs Storage:Provider=PostgreSql; the SQLite store serves one node.");
        }

        if (options.Provider == StorageProvider.PostgreSql && cluster.Value.Nodes > 1 && string.IsNullOrWhiteSpace(redis.Value.Configuration))
        {
            failures.Add("Cluster:Nodes > 1 needs Redis:Configuration (e.g. LATCHKEY_Redis__Configuration=127.0.0.1:6379): nodes share the nonce window and key changes through Redis.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
