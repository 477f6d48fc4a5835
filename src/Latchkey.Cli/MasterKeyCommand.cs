using System.CommandLine;
using Latchkey.Core;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey master-key rotate [--data DIR] [--yes]</c>: adds a master key version and re-encrypts every
/// stored secret under it (Core's MasterKeyRotation), after saying what it will change and asking.
/// Restart the servers afterwards so they load the new key file.
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
                + "Every server on this store must be restarted afterwards to load the new key.";
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
            var count = await MasterKeyRotation.RotateAsync(store, services.GetRequiredService<MasterKeyRing>(), progress, cancellationToken);
            await Console.Error.WriteLineAsync($"Master key rotated; {count} secrets re-encrypted. Restart every server so it loads the new key.");
            await Console.Out.WriteLineAsync($"{{\"ReEncrypted\":{count}}}");
            return ExitCodes.Success;
        }, cancellationToken));
        var command = new Command("master-key", "Manage the master key that encrypts AccessKey secrets at rest.");
        command.Subcommands.Add(rotate);
        return command;
    }
}
