using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey master-key rotate [--data DIR]</c>: adds a master key version and re-encrypts every
/// stored secret under it (Core's MasterKeyRotation). Running servers that read the same key file
/// pick the new version up without a restart. <c>latchkey master-key retire --key-version N</c>
/// removes a version that no stored secret uses any more.
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
            var store = services.GetRequiredService<ILatchkeyStore>();
            var ring = services.GetRequiredService<MasterKeyRing>();
            var progress = new Progress<int>(count =>
            {
                if (count % 100 == 0)
                {
                    Console.Error.WriteLine($"re-encrypted {count} secrets...");
                }
            });
            var count = await MasterKeyRotation.RotateAsync(store, ring, progress, cancellationToken);
            await Console.Error.WriteLineAsync($"Master key rotated to version {ring.CurrentVersion}; {count} secrets re-encrypted. Servers reading this key file use it without a restart; copy the file to nodes that keep their own copy.");
            await Console.Out.WriteLineAsync($"{{\"ReEncrypted\":{count},\"KeyVersion\":{ring.CurrentVersion}}}");
            return ExitCodes.Success;
        }, cancellationToken));

        var data2 = LocalData.DataOption();
        var version = new Option<int>("--key-version") { Description = "The master key version to retire (not the current one).", Required = true };
        var retire = new Command("retire", "Remove an old master key version that no stored secret uses any more.") { data2, version };
        retire.TreatUnmatchedTokensAsErrors = false;
        retire.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data2, async services =>
        {
            var retired = parseResult.GetValue(version);
            await MasterKeyRotation.RetireAsync(services.GetRequiredService<ILatchkeyStore>(), services.GetRequiredService<MasterKeyRing>(), retired, cancellationToken);
            await Console.Error.WriteLineAsync($"Master key version {retired} retired.");
            await Console.Out.WriteLineAsync($"{{\"Retired\":{retired}}}");
            return ExitCodes.Success;
        }, cancellationToken));

        var command = new Command("master-key", "Manage the master key that encrypts AccessKey secrets at rest.");
        command.Subcommands.Add(rotate);
        command.Subcommands.Add(retire);
        return command;
    }
}
