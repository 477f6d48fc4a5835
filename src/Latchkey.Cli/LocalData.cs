using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Latchkey.Server;
using Latchkey.Server.Hosting;
using Latchkey.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Latchkey.Cli;

/// <summary>
/// The one rule every command on the store follows (<c>serve</c>, <c>bootstrap</c>, <c>audit list</c>,
/// <c>export</c>, <c>master-key rotate</c>): <c>--data DIR</c>, else <c>Storage:DataDirectory</c> from the
/// configuration (LATCHKEY_Storage__DataDirectory), else <c>./latchkey-data</c>; or the PostgreSQL database
/// named by the same Storage:* configuration as <c>serve</c> (LATCHKEY_Storage__Provider, extra
/// <c>--Storage:Key=value</c> tokens). Only <c>serve</c> and <c>bootstrap</c> may create a store.
/// </summary>
internal static class LocalData
{
    public static Option<string?> DataOption() =>
        new("--data")
        {
            Description = "Data folder (SQLite database and master key); default $LATCHKEY_Storage__DataDirectory or ./latchkey-data.",
            HelpName = "DIR",
        };

    /// <summary>The host arguments: the configuration tokens, then <c>--data</c> as Storage:DataDirectory.</summary>
    public static string[] HostArgs(ParseResult parseResult, Option<string?> data, ConfigurationTokens configuration)
    {
        var args = new List<string>(configuration.Tokens);
        if (parseResult.GetValue(data) is { Length: > 0 } folder)
        {
            args.Add($"--Storage:DataDirectory={folder}");
        }

        return [.. args];
    }

    /// <summary>
    /// Runs a command on an existing store; a store that is missing or fails to open is exit code 5,
    /// with the folder (or database) it looked in.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Option<string?> data, ConfigurationTokens configuration, Func<IServiceProvider, Task<int>> work, CancellationToken cancellationToken) =>
        await RunAsync(HostArgs(parseResult, data, configuration), mayCreate: false, work, cancellationToken);

    public static async Task<int> RunAsync(string[] hostArgs, bool mayCreate, Func<IServiceProvider, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            var builder = LatchkeyHost.CreateBuilder(hostArgs);
            // Standard output carries the command's result only.
            builder.Logging.ClearProviders();
            if (!mayCreate && await FindMissingAsync(builder.Configuration, cancellationToken) is { } missing)
            {
                await Console.Error.WriteLineAsync($"latchkey: {missing}");
                return ExitCodes.LocalData;
            }

            await using var app = builder.Build();
            var store = app.Services.GetRequiredService<ILatchkeyStore>();
            await store.MigrateAsync(cancellationToken);

            // A master key that does not fit the store must not write secrets nobody can read back.
            await MasterKeyCheck.VerifyAndRecordAsync(store, app.Services.GetRequiredService<MasterKeyRing>(), app.Services.GetRequiredService<ISecretProtector>(), cancellationToken);
            return await work(app.Services);
        }
        catch (Exception exception) when (ConfigurationErrors.TryDescribe(exception, out var failures))
        {
            return await ConfigurationErrors.ReportAsync("", failures);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"latchkey: the data store failed: {exception.GetType().Name}: {exception.Message}");
            return ExitCodes.LocalData;
        }
    }

    /// <summary>Null when the store exists; else why not, naming where it looked.</summary>
    private static async Task<string?> FindMissingAsync(ConfigurationManager configuration, CancellationToken cancellationToken)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            return await FindMissingPostgreSqlAsync(storage.ConnectionString, cancellationToken);
        }

        var folder = Path.GetFullPath(storage.DataDirectory);
        const string Fix = "pass --data with the folder 'latchkey serve' uses, or create a store there with 'latchkey serve' or 'latchkey bootstrap'";
        if (!Directory.Exists(folder))
        {
            return $"no Latchkey data folder at {folder}; {Fix}.";
        }

        if (!File.Exists(Path.Combine(folder, SqliteLatchkeyStore.DatabaseFileName)))
        {
            return $"no Latchkey store in {folder} (no {SqliteLatchkeyStore.DatabaseFileName}); {Fix}.";
        }

        var masterKey = configuration.GetSection(MasterKeyOptions.SectionName).Get<MasterKeyOptions>() ?? new MasterKeyOptions();
        if (string.IsNullOrEmpty(masterKey.Key))
        {
            if (string.IsNullOrEmpty(configuration[$"{MasterKeyOptions.SectionName}:{nameof(MasterKeyOptions.DataDirectory)}"]))
            {
                masterKey.DataDirectory = folder;
            }

            var keyFile = Path.GetFullPath(masterKey.ResolveKeyFile());
            if (!File.Exists(keyFile))
            {
                return $"the store in {folder} has no master key at {keyFile}; set MasterKey:KeyFile or LATCHKEY_MasterKey__Key to the key 'latchkey serve' uses.";
            }
        }

        return null;
    }

    private static async Task<string?> FindMissingPostgreSqlAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "Storage:ConnectionString is required when Storage:Provider is PostgreSql (e.g. LATCHKEY_Storage__ConnectionString).";
        }

        var named = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"database '{named.Database}' on {named.Host}:{named.Port}";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        var exists = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        return exists ? null : $"no Latchkey store in the PostgreSQL {where}; create it with 'latchkey serve' or 'latchkey bootstrap' on the same Storage:* settings.";
    }
}
