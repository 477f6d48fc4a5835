using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// RAM console pages: the account, or a RAM user whose policies allow the RAM action the page
/// performs, decided by Core's <see cref="Authorizer"/> (the same engine as the API).
/// </summary>
public abstract class RamPageModel(Authorizer authorizer) : ConsolePageModel
{
    /// <summary>Whether the caller may do <paramref name="ramAction"/> on the user <paramref name="userName"/> (null: any user, <c>user/*</c>).</summary>
    protected async Task<bool> MayAsync(string ramAction, string? userName, CancellationToken ct) =>
        await authorizer.IsAllowedAsync(Caller, ramAction, ResourceNames.User(Caller.AccountId, userName ?? "*"), Facts(), ct);

    /// <summary>Whether the caller may do <paramref name="ramAction"/> on <paramref name="resource"/> (a group or policy ARN).</summary>
    protected async Task<bool> MayOnAsync(string ramAction, string resource, CancellationToken ct) =>
        await authorizer.IsAllowedAsync(Caller, ramAction, resource, Facts(), ct);

    protected AuthorizationContext Facts() =>
        new(HttpContext.Connection.RemoteIpAddress, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), Request.IsHttps, mfaPresent: false);

    protected IActionResult NoPermission() => new ContentResult
    {
        StatusCode = StatusCodes.Status403Forbidden,
        ContentType = "text/plain; charset=utf-8",
        Content = "You are not authorized to do this action. Ask the account's administrator for a RAM policy.",
    };
}
