using Latchkey.Core.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Api;

/// <summary>
/// Turns exceptions into Alibaba error bodies: malformed HTTP into 400, anything else into
/// InternalError 500 with the detail in the log only. SDKs cannot read HTML or empty bodies.
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ApiResponseWriter writer, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
        }
        catch (BadHttpRequestException exception)
        {
            var error = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Errors.Request.TooLarge
                : Errors.Request.InvalidParameter.WithMessage("The request is malformed.");
            await WriteAsync(context, error);
        }
#pragma warning disable CA1031 // The last line of defence: every failure becomes an Alibaba error body.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.Unhandled(logger, exception, RequestIds.For(context));
            await WriteAsync(context, Errors.Request.InternalError);
        }
    }

    private async Task WriteAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        await writer.WriteErrorAsync(context, ResponseFormat.Json, error);
    }
}
