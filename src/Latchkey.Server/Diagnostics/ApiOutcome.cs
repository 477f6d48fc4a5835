using Latchkey.Server.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Diagnostics;

/// <summary>
/// What the API answered for this request (a scoped service): noted by the response writer and
/// the action dispatch, read by <see cref="ApiMetricsMiddleware"/> after the pipeline ran.
/// </summary>
internal sealed class ApiOutcome
{
    /// <summary>"ok" or the error Code; null while no API body was written.</summary>
    public string? Outcome { get; private set; }

    /// <summary>The dispatched action's name (from the action table, never the raw parameter).</summary>
    public string? Action { get; private set; }

    public static void Answered(IServiceProvider services, string outcome, string? action = null)
    {
        if (services?.GetService<ApiOutcome>() is { } noted)
        {
            noted.Outcome = outcome;
            noted.Action = action ?? noted.Action;
        }
    }

    /// <summary>Notes the action being dispatched and hands the descriptor back (for a field initializer).</summary>
    public static ActionDescriptor Dispatched(IServiceProvider services, ActionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (services?.GetService<ApiOutcome>() is { } noted)
        {
            noted.Action = descriptor.Action;
        }

        return descriptor;
    }
}
