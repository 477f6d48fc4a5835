using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey master-key rotate [--data DIR]</c>: adds a master key version and re-encrypts every
/// stored secret under it (Core's MasterKeyRotation). Restart the servers afterwards so they load
/// the new key file.
/// </summary>
internal static class MasterKeyCommand
{
    public static Command Create()
    {
        var data = LocalData.DataOption();
        var rotate = new Command("rotate", "Add a new master key version and re-encrypt every AccessKey secret under it.") { data };
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data, async services =>
        {
            var progress = new Progress<int>(count =>
            {
                if (count % 100 == 0)
                {
                    Console.Error.WriteLine($"re-encrypted {count} secrets...");
                }
            });
            var count = await MasterKeyRotation.RotateAsync(services.GetRequiredService<ILatchkeyStore>(), services.GetRequiredService<MasterKeyRing>(), progress, cancellationToken);
            await Console.Error.WriteLineAsync($"Master key rotated; {count} secrets re-encrypted. Restart every server so it loads the new key.");
            await Console.Out.WriteLineAsync($"{{\"ReEncrypted\":{count}}}");
            return ExitCodes.Success;
        }, cancellationToken));
        var command = new Command("master-key", "Manage the master key that encrypts AccessKey secrets at rest.");
        command.Subcommands.Add(rotate);
        return command;
    }
}
