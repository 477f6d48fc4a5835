using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>
/// Destructive admin commands say what they will change and go on only after "y" (or with
/// <c>--yes</c>). Without a terminal the answer is read from standard input, so a script must
/// say <c>--yes</c>.
/// </summary>
internal static class Confirmation
{
    public static Option<bool> YesOption() => new("--yes", "-y") { Description = "Do not ask for confirmation." };

    /// <summary>True when the user agreed; the plan is printed on stderr either way.</summary>
    public static async Task<bool> AskAsync(string plan, bool yes)
    {
        await Console.Error.WriteLineAsync(plan);
        if (yes)
        {
            return true;
        }

        await Console.Error.WriteAsync("Continue? [y/N] ");
        var answer = (await Console.In.ReadLineAsync())?.Trim();
        if (answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        await Console.Error.WriteLineAsync(answer is null ? "\nNo answer (pass --yes to run without asking); nothing changed." : "Nothing changed.");
        return false;
    }
}
