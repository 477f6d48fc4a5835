using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Api;

/// <summary>
/// What the API keeps per request: its RequestId, and the outcome and action the metrics record
/// (<see cref="Diagnostics.ApiOutcome"/>). One small object held as an HTTP feature, created on
/// first use: not in <c>HttpContext.Items</c> (a dictionary per request) and not a scoped service
/// (a DI scope per request), which the hot path had paid for before (docs/performance.md).
/// </summary>
internal sealed class ApiRequestState
{
    public string? RequestId { get; set; }

    /// <summary>"ok" or the error Code; null while no API body was written.</summary>
    public string? Outcome { get; set; }

    /// <summary>The dispatched action's name (from the action table, never the raw parameter).</summary>
    public string? Action { get; set; }

    public static ApiRequestState Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.Features.Get<ApiRequestState>();
        if (state is null)
        {
            state = new ApiRequestState();
            context.Features.Set(state);
        }

        return state;
    }
}
