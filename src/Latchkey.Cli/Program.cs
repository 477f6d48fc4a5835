using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>The <c>latchkey</c> command. Exit codes are listed in <see cref="ExitCodes"/>.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Latchkey: accounts, RAM users and AccessKeys speaking Alibaba Cloud's RAM/IMS/STS API.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(BootstrapCommand.Create());
        root.Subcommands.Add(ConfigureCommand.Create());
        root.Subcommands.Add(CallCommand.Create());
        root.Subcommands.Add(WhoamiCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(MasterKeyCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.CommandResult.Command.Name != "serve")
        {
            // Usage errors get their own exit code (2), not System.CommandLine's default of 1.
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"latchkey: {error.Message}");
            }

            Console.Error.WriteLine("Run 'latchkey --help' or 'latchkey <command> --help' for usage.");
            return Task.FromResult(ExitCodes.Usage);
        }

        return parsed.InvokeAsync();
    }
}
