using System.Net;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>A plain page for console requests that end without one (bad form token, unknown page).</summary>
internal static class ConsoleErrorPage
{
    public static Task WriteAsync(HttpContext context)
    {
        var message = context.Response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => "The form could not be accepted: it has expired or was not sent from this console. Go back, reload the page and try again.",
            StatusCodes.Status404NotFound => "This page does not exist.",
            StatusCodes.Status403Forbidden => "You are not allowed to open this page.",
            _ => "The request could not be completed.",
        };
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Latchkey Console</title><link rel="stylesheet" href="{ConsolePaths.Root}/assets/console.css"></head>
            <body><main class="page narrow"><h1>Something went wrong</h1><p role="alert">{WebUtility.HtmlEncode(message)}</p>
            <p><a href="{ConsolePaths.Home}">Back to the console</a></p></main></body></html>
            """;
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
