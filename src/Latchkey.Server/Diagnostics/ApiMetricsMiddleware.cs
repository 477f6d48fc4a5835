using System.Diagnostics;
using Latchkey.Server.Api;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Diagnostics;

/// <summary>
/// Records latchkey.request.duration for every request answered with an API body (success or
/// Alibaba error). The action tag is the dispatched action, else the claimed action when the
/// action table knows it, else "unknown": a caller cannot mint new tag values.
/// </summary>
internal sealed class ApiMetricsMiddleware(RequestDelegate next, LatchkeyMetrics metrics, ActionTable actions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (context.Features.Get<ApiRequestState>() is { Outcome: { } outcome } noted)
            {
                var action = noted.Action ?? ClaimedKnownAction(context) ?? LatchkeyMetrics.Unknown;
                metrics.RequestAnswered(action, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>The action the RPC endpoint's one parse read (never a second decoding), when the table knows it.</summary>
    private string? ClaimedKnownAction(HttpContext context) =>
        context.Features.Get<ParsedRequest>() is { } parsed && actions.TryFind(parsed.Version, parsed.Action, out var descriptor) ? descriptor.Action : null;
}
