using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Latchkey.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli;

/// <summary>
/// Opens the data folder (or the PostgreSQL database named by the same Storage:* configuration
/// as <c>serve</c>: LATCHKEY_Storage__Provider, extra <c>--Storage:Key=value</c> tokens) for the
/// admin commands, without starting a server.
/// </summary>
internal static class LocalData
{
    public static Option<string?> DataOption() =>
        new("--data") { Description = "Data folder (SQLite database and master key); default ./latchkey-data." };

    public static async Task<WebApplication> OpenAsync(ParseResult parseResult, Option<string?> data, CancellationToken cancellationToken)
    {
        var args = new List<string>(parseResult.UnmatchedTokens);
        if (parseResult.GetValue(data) is { Length: > 0 } folder)
        {
            args.Add($"--Storage:DataDirectory={folder}");
        }

        var builder = LatchkeyHost.CreateBuilder([.. args]);
        // Standard output carries the command's result only.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var store = app.Services.GetRequiredService<ILatchkeyStore>();
        await store.MigrateAsync(cancellationToken);

        // A master key that does not fit the store must not write secrets nobody can read back.
        await MasterKeyCheck.VerifyAndRecordAsync(store, app.Services.GetRequiredService<MasterKeyRing>(), app.Services.GetRequiredService<ISecretProtector>(), cancellationToken);
        return app;
    }

    /// <summary>Runs an admin command; a failure of the data folder or database is exit code 5.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Option<string?> data, Func<IServiceProvider, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = await OpenAsync(parseResult, data, cancellationToken);
            return await work(app.Services);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"latchkey: the data store failed: {exception.GetType().Name}: {exception.Message}");
            return ExitCodes.LocalData;
        }
    }
}
