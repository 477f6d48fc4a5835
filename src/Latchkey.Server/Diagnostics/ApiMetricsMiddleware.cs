using System.Diagnostics;
using Latchkey.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
            if (context.RequestServices.GetService<ApiOutcome>() is { Outcome: { } outcome } noted)
            {
                var action = noted.Action ?? ClaimedKnownAction(context.Request) ?? LatchkeyMetrics.Unknown;
                metrics.RequestAnswered(action, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private string? ClaimedKnownAction(HttpRequest request)
    {
        var isV3 = request.Headers.Authorization.ToString().StartsWith("ACS3-", StringComparison.Ordinal);
        var action = isV3 ? request.Headers["x-acs-action"].ToString() : request.Query["Action"].ToString();
        var version = isV3 ? request.Headers["x-acs-version"].ToString() : request.Query["Version"].ToString();
        return actions.TryFind(version, action, out var descriptor) ? descriptor.Action : null;
    }
}
