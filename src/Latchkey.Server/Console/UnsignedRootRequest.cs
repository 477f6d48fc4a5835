using Latchkey.Core.Errors;
using Latchkey.Server.Api;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>
/// The one place that decides what an unsigned GET/HEAD at '/' (no Action, no Signature, no
/// Authorization) is. Such a request is a browser, not an SDK: the web console will answer it.
/// Until the console exists it gets the MissingSignature error, like any unsigned API call.
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

    public static Task HandleAsync(HttpContext context, ApiResponseWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteErrorAsync(context, ResponseFormat.Json, Errors.FromSignature(SignatureErrors.MissingSignature));
    }
}
