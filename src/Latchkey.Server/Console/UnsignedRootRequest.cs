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
            && !QueryNames(request.QueryString.Value, "Action", "Signature");
    }

    /// <summary>
    /// Whether the query names either parameter, decoded as <see cref="HttpRequest.Query"/> would
    /// decode it, without building that collection: this runs for every signed GET.
    /// </summary>
    private static bool QueryNames(string? query, string first, string second)
    {
        var rest = query.AsSpan();
        if (rest.StartsWith('?'))
        {
            rest = rest[1..];
        }

        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.ContainsAny('%', '+'))
            {
                var decoded = Uri.UnescapeDataString(name.ToString().Replace('+', ' '));
                if (decoded == first || decoded == second)
                {
                    return true;
                }
            }
            else if (name.SequenceEqual(first) || name.SequenceEqual(second))
            {
                return true;
            }
        }

        return false;
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
