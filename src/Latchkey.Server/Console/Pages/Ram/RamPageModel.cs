using Latchkey.Core.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>RAM console pages: the account, or a RAM user holding a RAM policy (checked by Core's Authorizer).</summary>
public abstract class RamPageModel(Authorizer authorizer) : ConsolePageModel
{
    protected async Task<bool> MayAsync(ActionKind kind, CancellationToken ct) =>
        (await authorizer.AuthorizeAsync(Caller, kind, targetsOwnAccessKeys: false, ct)).IsSuccess;

    protected IActionResult NoPermission() => new ContentResult
    {
        StatusCode = StatusCodes.Status403Forbidden,
        ContentType = "text/plain; charset=utf-8",
        Content = "You are not authorized to do this action. Ask the account's administrator for a RAM policy.",
    };
}
