using System.CommandLine;
using Latchkey.Server;
using Microsoft.Extensions.Hosting;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey serve [--data DIR] [--urls URL]</c>: runs the server in the foreground. Any further
/// <c>--Section:Key=value</c> tokens are passed on as configuration (e.g. Kestrel certificates).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data folder (SQLite database and master key); default ./latchkey-data." };
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, ';'-separated; default http://127.0.0.1:8080." };
        var command = new Command("serve", "Run the Latchkey server.") { data, urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = new List<string>(parseResult.UnmatchedTokens);
            if (parseResult.GetValue(data) is { Length: > 0 } folder)
            {
                args.Add($"--Storage:DataDirectory={folder}");
            }

            if (parseResult.GetValue(urls) is { Length: > 0 } listen)
            {
                args.Add($"--urls={listen}");
            }

            var app = LatchkeyHost.Build(LatchkeyHost.CreateBuilder([.. args]));
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
