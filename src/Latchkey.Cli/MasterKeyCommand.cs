using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey master-key rotate [--data DIR] [--yes]</c>: adds a master key version and re-encrypts every
/// stored secret under it (Core's MasterKeyRotation), after saying what it will change and asking.
/// Running servers that read the same key file pick the new version up without a restart.
/// <c>latchkey master-key retire --key-version N [--yes]</c> removes a version that no stored secret
/// uses any more.
/// </summary>
internal static class MasterKeyCommand
{
    public static Command Create(ConfigurationTokens configuration)
    {
        var data = LocalData.DataOption();
        var yes = Confirmation.YesOption();
        var rotate = new Command("rotate", "Add a new master key version and re-encrypt every AccessKey secret under it.") { data, yes };
        rotate.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, data, configuration, async services =>
        {
            var store = services.GetRequiredService<ILatchkeyStore>();
            var options = services.GetRequiredService<IOptions<MasterKeyOptions>>().Value;
            var secrets = 0;
            await foreach (var _ in store.ListAllAccessKeysAsync(cancellationToken))
            {
                secrets++;
            }

            var keyFile = options.Key is { Length: > 0 } ? "the configured key (MasterKey:Key)" : Path.GetFullPath(options.ResolveKeyFile());
            var plan = $"master-key rotate will add a new master key version to {keyFile} and re-encrypt the {secrets} AccessKey secret(s) in the store under it.\n"
                + "Servers reading this key file use the new version without a restart; nodes that keep their own copy need the file copied.";
            if (!await Confirmation.AskAsync(plan, parseResult.GetValue(yes)))
            {
                return ExitCodes.Declined;
            }

            var progress = new Progress<int>(count =>
            {
                if (count % 100 == 0)
                {
                    Console.Error.WriteLine($"re-encrypted {count} secrets...");
                }
            });
            var ring = services.GetRequiredService<MasterKeyRing>();
            var count = await MasterKeyRotation.RotateAsync(store, ring, progress, cancellationToken);
            await Console.Error.WriteLineAsync($"Master key rotated to version {ring.CurrentVersion}; {count} secrets re-encrypted. Servers reading this key file use it without a restart; copy the file to nodes that keep their own copy.");
            await Console.Out.WriteLineAsync($"{{\"ReEncrypted\":{count},\"KeyVersion\":{ring.CurrentVersion}}}");
            return ExitCodes.Success;
        }, cancellationToken));

        var retireData = LocalData.DataOption();
        var retireYes = Confirmation.YesOption();
        var version = new Option<int>("--key-version") { Description = "The master key version to retire (not the current one).", Required = true };
        var retire = new Command("retire", "Remove an old master key version that no stored secret uses any more.") { retireData, version, retireYes };
        retire.SetAction((parseResult, cancellationToken) => LocalData.RunAsync(parseResult, retireData, configuration, async services =>
        {
            var retired = parseResult.GetValue(version);
            var plan = $"master-key retire will remove master key version {retired} from the key file; secrets still under it are refused first.";
            if (!await Confirmation.AskAsync(plan, parseResult.GetValue(retireYes)))
            {
                return ExitCodes.Declined;
            }

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
