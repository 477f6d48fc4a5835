using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>The options every client command takes: profile, config folder, endpoint, output format.</summary>
internal sealed class ClientSymbols
{
    public Option<string?> Profile { get; } = new("--profile") { Description = "The profile of config.json to use (default: the current one)." };

    public Option<string?> ConfigDir { get; } = new("--config-dir") { Description = "Config folder; default $LATCHKEY_CONFIG_DIR or ~/.latchkey." };

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "The service URL, e.g. http://127.0.0.1:8080 (overrides profile and LATCHKEY_ENDPOINT)." };

    public Option<string> Output { get; } = CreateOutput();

    public void AddTo(Command command)
    {
        command.Options.Add(Profile);
        command.Options.Add(ConfigDir);
        command.Options.Add(Endpoint);
        command.Options.Add(Output);
    }

    public Values Read(ParseResult result) =>
        new(result.GetValue(Profile), result.GetValue(ConfigDir), result.GetValue(Endpoint), result.GetValue(Output) ?? "json");

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output") { Description = "json (default) or table.", DefaultValueFactory = _ => "json" };
        output.AcceptOnlyFromAmong("json", "table");
        return output;
    }

    public sealed record Values(string? Profile, string? ConfigDir, string? Endpoint, string Output);
}
