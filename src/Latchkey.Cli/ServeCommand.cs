using System.CommandLine;
using Latchkey.Server;
using Microsoft.Extensions.Hosting;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey serve [--data DIR] [--urls URL]</c>: runs the server in the foreground, creating the store
/// on first start. <c>--Section:Key=value</c> tokens are passed on as configuration (e.g. Kestrel certificates).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, ';'-separated; default http://127.0.0.1:8080.", HelpName = "URL" };
        var command = new Command("serve", "Run the Latchkey server (creates the store on first start). --Section:Key=value tokens are configuration.") { data, urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = new List<string>(LocalData.HostArgs(parseResult, data, configuration));
            if (parseResult.GetValue(urls) is { Length: > 0 } listen)
            {
                args.Add($"--urls={listen}");
            }

            var app = LatchkeyHost.Build(LatchkeyHost.CreateBuilder([.. args]));
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception exception) when (ConfigurationErrors.TryDescribe(exception, out var failures))
            {
                return await ConfigurationErrors.ReportAsync("serve", failures);
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
