using Latchkey.Server.Api;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>
/// The one place that decides what an unsigned GET/HEAD at '/' (no Action, no Signature, no
/// Authorization) is. Such a request is a browser, not an SDK: it is sent to the web console.
/// </summary>
internal static class UnsignedRootRequest
{
    public static bool Matches(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        return !request.Headers.ContainsKey("Authorization")
            && !request.Query.ContainsKey("Action")
            && !request.Query.ContainsKey("Signature");
    }

    /// <summary>Redirects to the console; <paramref name="writer"/> stays in the signature the RPC endpoint calls.</summary>
    public static Task HandleAsync(HttpContext context, ApiResponseWriter writer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        ConsoleSecurityHeaders.Apply(context.Response);
        context.Response.Redirect(ConsolePaths.Home);
        return Task.CompletedTask;
    }
}
