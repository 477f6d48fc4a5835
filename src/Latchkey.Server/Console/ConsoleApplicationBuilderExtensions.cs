using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>Puts the console into the pipeline: headers, sessions, its assets and pages.</summary>
public static class ConsoleApplicationBuilderExtensions
{
    // The markers UseAuthentication/UseAuthorization leave, which WebApplication checks before adding its own.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    public static WebApplication MapLatchkeyConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(ConsoleResponseAsync);

        // Cookie sessions and page authorization serve the console alone: an API call carries its
        // own signature, and running both for it cost a DI scope, a cookie handler and half a
        // kilobyte per call (docs/performance.md). A console endpoint reached without them would
        // fail closed (routing refuses an endpoint with authorization metadata that was not
        // authorized), and every console route starts with ConsolePaths.Root.
        app.UseWhen(static context => ConsolePaths.IsConsole(context.Request.Path), static console =>
        {
            console.UseAuthentication();
            console.UseAuthorization();
        });

        // A branch keeps its own copy of the builder's properties, so WebApplication would not see
        // that both are in place and would add them again in front of every request: say so here.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        ((IApplicationBuilder)app).Properties[AuthorizationMiddlewareSetKey] = true;
        app.MapGet(ConsolePaths.Root + "/assets/{name}", ConsoleAssets.Serve).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static async Task ConsoleResponseAsync(HttpContext context, RequestDelegate next)
    {
        if (!ConsolePaths.IsConsole(context.Request.Path))
        {
            await next(context);
            return;
        }

        context.Response.OnStarting(() =>
        {
            ConsoleSecurityHeaders.Apply(context.Response);
            return Task.CompletedTask;
        });

        // Console pages answer in HTML, not with the API's JSON error body.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        await next(context);
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
        {
            await ConsoleErrorPage.WriteAsync(context);
        }
    }
}
