namespace Latchkey.Cli;

/// <summary>
/// The <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) tokens of a command line: ASP.NET Core
/// configuration for <c>serve</c> and the store commands (e.g. <c>--Storage:Provider=PostgreSql</c>).
/// They are taken out before parsing, so that every command can refuse the options it does not know.
/// </summary>
internal sealed class ConfigurationTokens
{
    private ConfigurationTokens(IReadOnlyList<string> tokens) => Tokens = tokens;

    /// <summary>Each setting as one <c>--Section:Key=value</c> token.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Splits <paramref name="args"/> into the configuration tokens and the rest.</summary>
    public static ConfigurationTokens Extract(string[] args, out string[] rest)
    {
        var tokens = new List<string>();
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                others.AddRange(args[i..]);
                break;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg : arg[..eq];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal))
            {
                others.Add(arg);
                continue;
            }

            if (eq >= 0)
            {
                tokens.Add(arg);
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                tokens.Add($"{arg}={args[++i]}");
            }
            else
            {
                // A setting without a value: leave it to the parser, which reports it as unknown.
                others.Add(arg);
            }
        }

        rest = [.. others];
        return new ConfigurationTokens(tokens);
    }
}
