using System.CommandLine;

namespace Latchkey.Cli;

/// <summary><c>latchkey whoami</c>: STS GetCallerIdentity with the configured key.</summary>
internal static class WhoamiCommand
{
    public static Command Create()
    {
        var symbols = new ClientSymbols();
        var command = new Command("whoami", "Show who the configured AccessKey belongs to (STS GetCallerIdentity).");
        symbols.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
            ApiCommandRunner.RunAsync(symbols.Read(parseResult), new ApiCall("GetCallerIdentity", ApiProducts.Sts, []), null, cancellationToken));
        return command;
    }
}
