using Latchkey.Core.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Api;

/// <summary>Maps the RPC endpoint and makes every other answer an Alibaba error body too.</summary>
internal static class ApiEndpoints
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        // Routing answers 404/405 with an empty body; SDKs need a JSON error with a Code.
        app.UseStatusCodePages(context => WriteStatusErrorAsync(context.HttpContext));
        return app;
    }

    /// <summary>
    /// The RPC endpoint's own branch, ahead of routing: a request for exactly '/' (any method, as
    /// the routed <c>Map("/")</c> takes it) goes through the API metrics, the error middleware
    /// and <see cref="RpcEndpoint"/>, and nothing else. What it skips never acts on '/': the route
    /// match (the answer is always this endpoint), the status-code pages (every answer of the
    /// endpoint has a body or is a redirect), the console's headers and cookie authentication
    /// (console paths only). Every other path continues to routing unchanged.
    /// </summary>
    public static IApplicationBuilder UseRpcRootBeforeRouting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        return app.MapWhen(static context => IsRoot(context.Request.Path), branch =>
        {
            branch.UseMiddleware<Diagnostics.ApiMetricsMiddleware>();
            branch.UseMiddleware<ApiErrorMiddleware>();
            RpcEndpoint? rpc = null;
            branch.Run(context => (rpc ??= services.GetRequiredService<RpcEndpoint>()).HandleAsync(context));
        });
    }

    /// <summary>The path the routed <c>Map("/")</c> matches, compared without a route match.</summary>
    internal static bool IsRoot(PathString path) => path.Value is "/";

    public static IEndpointRouteBuilder MapRpcEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // The endpoint is a singleton, taken from the application's services once: reaching it
        // through HttpContext.RequestServices would open a DI scope for every call.
        var services = endpoints.ServiceProvider;
        RpcEndpoint? rpc = null;
        endpoints.Map("/", context => (rpc ??= services.GetRequiredService<RpcEndpoint>()).HandleAsync(context));
        endpoints.MapFallback(context => WriteStatusErrorAsync(context, StatusCodes.Status404NotFound));
        return endpoints;
    }

    private static Task WriteStatusErrorAsync(HttpContext context, int? status = null)
    {
        var error = (status ?? context.Response.StatusCode) switch
        {
            StatusCodes.Status404NotFound => Errors.Request.ApiNotFound,
            StatusCodes.Status405MethodNotAllowed => Errors.Request.UnsupportedHttpMethod with { HttpStatus = 405 },
            StatusCodes.Status413PayloadTooLarge => Errors.Request.TooLarge,
            >= 500 and var code => Errors.Request.InternalError with { HttpStatus = code },
            var code => Errors.Request.InvalidParameter with { HttpStatus = code },
        };
        return context.RequestServices.GetRequiredService<ApiResponseWriter>().WriteErrorAsync(context, ResponseFormat.Json, error);
    }
}
