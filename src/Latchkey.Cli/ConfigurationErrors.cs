using Microsoft.Extensions.Options;

namespace Latchkey.Cli;

/// <summary>
/// Options validated at start-up (ValidateOnStart) fail with messages that name the setting and the
/// fix; the commands print those lines (exit 3) instead of a stack trace.
/// </summary>
internal static class ConfigurationErrors
{
    public static bool TryDescribe(Exception exception, out IReadOnlyList<string> failures)
    {
        var found = new List<string>();
        Collect(exception, found);
        failures = found;
        return found.Count > 0;
    }

    public static async Task<int> ReportAsync(string command, IReadOnlyList<string> failures)
    {
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync($"latchkey{(command.Length > 0 ? " " + command : "")}: configuration error: {failure}");
        }

        return ExitCodes.Configuration;
    }

    private static void Collect(Exception exception, List<string> into)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                into.AddRange(validation.Failures);
                break;
            case AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, into);
                }

                break;
        }
    }
}
