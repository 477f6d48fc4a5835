using Latchkey.Server.Api;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Diagnostics;

/// <summary>
/// What the API answered for this request: noted by the response writer and the action dispatch
/// in the request's <see cref="ApiRequestState"/>, read by <see cref="ApiMetricsMiddleware"/>
/// after the pipeline ran.
/// </summary>
internal static class ApiOutcome
{
    public static void Answered(HttpContext context, string outcome, string? action = null)
    {
        var state = ApiRequestState.Of(context);
        state.Outcome = outcome;
        state.Action = action ?? state.Action;
    }

    /// <summary>Notes the action being dispatched.</summary>
    public static void Dispatched(HttpContext context, ActionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ApiRequestState.Of(context).Action = descriptor.Action;
    }
}
