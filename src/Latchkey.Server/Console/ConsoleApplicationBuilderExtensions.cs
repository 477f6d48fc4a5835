using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>Puts the console into the pipeline: headers, sessions, its assets and pages.</summary>
public static class ConsoleApplicationBuilderExtensions
{
    public static WebApplication MapLatchkeyConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(ConsoleResponseAsync);
        app.UseAuthentication();
        app.UseAuthorization();
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
