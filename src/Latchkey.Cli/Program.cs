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
        return root.Parse(args).InvokeAsync();
    }
}
