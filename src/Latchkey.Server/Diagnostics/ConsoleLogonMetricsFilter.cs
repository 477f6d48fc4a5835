using Latchkey.Server.Console.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Latchkey.Server.Diagnostics;

/// <summary>
/// Counts console logon posts by what the logon page answered: a redirect is "ok", 401 "failed",
/// 429 "locked", any other page "invalid" (empty name or password). Never the logon name.
/// </summary>
internal sealed class ConsoleLogonMetricsFilter(LatchkeyMetrics metrics) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (context.HandlerInstance is not LogonModel || !HttpMethods.IsPost(context.HttpContext.Request.Method) || executed.Exception is not null)
        {
            return;
        }

        var outcome = executed.Result switch
        {
            LocalRedirectResult or RedirectResult or RedirectToPageResult => "ok",
            _ => context.HttpContext.Response.StatusCode switch
            {
                StatusCodes.Status401Unauthorized => "failed",
                StatusCodes.Status429TooManyRequests => "locked",
                _ => "invalid",
            },
        };
        metrics.ConsoleLogon(outcome);
    }
}
