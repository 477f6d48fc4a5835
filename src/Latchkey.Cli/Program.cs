using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>The <c>latchkey</c> command. Exit codes are listed in <see cref="ExitCodes"/>.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // --Section:Key=value tokens configure serve and the store commands; every other token is parsed strictly.
        var configuration = ConfigurationTokens.Extract(args, out var rest);
        GcBudget.ApplyToServe(rest);
        var root = new RootCommand("Latchkey: accounts, RAM users and AccessKeys speaking Alibaba Cloud's RAM/IMS/STS API.");
        var serve = ServeCommand.Create(configuration);
        var bootstrap = BootstrapCommand.Create(configuration);
        var audit = AuditCommand.Create(configuration);
        var export = ExportCommand.Create(configuration);
        var masterKey = MasterKeyCommand.Create(configuration);
        var idleKeys = IdleKeysCommand.Create(configuration);
        var leak = LeakCommand.Create(configuration);
        var canary = CanaryCommand.Create(configuration);
        Command[] storeCommands = [serve, bootstrap, audit, export, masterKey, idleKeys, leak, canary];
        Command[] all =
        [
            serve, bootstrap, ConfigureCommand.Create(), CallCommand.Create(), WhoamiCommand.Create(), UsersCommand.Create(),
            KeysCommand.Create(), audit, export, masterKey, idleKeys, leak, canary, CompletionCommand.Create(),
        ];
        foreach (var command in all)
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(rest);
        var parsedCommand = parsed.CommandResult.Command;
        var errors = parsed.Errors.Select(e => e.Message).ToList();
        if (configuration.Tokens.Count > 0 && !IsStoreCommand(parsedCommand, storeCommands))
        {
            errors.Add($"configuration tokens ({configuration.Tokens[0].Split('=')[0]}=...) apply only to serve, bootstrap, audit, export, master-key and idle-keys.");
        }

        if (errors.Count == 0)
        {
            return parsed.InvokeAsync();
        }

        // Usage errors get their own exit code (2), not System.CommandLine's default of 1.
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"latchkey: {error}");
        }

        foreach (var token in parsed.UnmatchedTokens)
        {
            if (Suggestions.Nearest(token, parsedCommand) is { } nearest)
            {
                var kind = token.StartsWith('-') ? "an option" : "a command";
                Console.Error.WriteLine($"latchkey: '{token}' is not {kind} of '{Path(parsedCommand)}'. Did you mean '{nearest}'?");
            }
        }

        Console.Error.WriteLine($"Run '{Path(parsedCommand)} --help' for usage.");
        return Task.FromResult(ExitCodes.Usage);
    }

    private static bool IsStoreCommand(Command command, Command[] storeCommands) =>
        storeCommands.Contains(command) || command.Parents.OfType<Command>().Any(storeCommands.Contains);

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "latchkey" : c.Name);
        }

        return string.Join(' ', names);
    }
}
