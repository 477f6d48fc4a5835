using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// AccessKey Management: the caller's own keys, the account's or (when the account allows it)
/// the logged-on RAM user's. A new secret appears only in the response to the Create POST.
/// </summary>
public sealed class AccessKeysModel(AccessKeyPanels panels, Authorizer authorizer) : ConsolePageModel
{
    public AccessKeyPanel? Panel { get; private set; }

    public bool Denied { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(null, null, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            return await RenderAsync(null, null, ct);
        }

        var (created, error) = await panels.CreateAsync(Audit(), null, !Caller.IsAccount, ct);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await RenderAsync(created, error, ct);
    }

    /// <summary>Rotate as one action (server-side rotation): the RAM actions it performs, CreateAccessKey, UpdateAccessKey and DeleteAccessKey, on the caller's own user.</summary>
    public async Task<IActionResult> OnPostRotateAsync(string? accessKeyId, string? graceMinutes, CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            return await RenderAsync(null, null, ct);
        }

        if (!await AllowedAsync("ram:UpdateAccessKey", ct) || !await AllowedAsync("ram:DeleteAccessKey", ct))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await RenderAsync(null, RotateDenied, ct);
        }

        var (created, error) = await panels.RotateAsync(Audit(), null, accessKeyId, graceMinutes, ct);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await RenderAsync(created, error, ct);
    }

    public async Task<IActionResult> OnPostCancelRotationAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            return await RenderAsync(null, null, ct);
        }

        if (!await AllowedAsync("ram:UpdateAccessKey", ct))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await RenderAsync(null, RotateDenied, ct);
        }

        var error = await panels.CancelRotationAsync(Audit(), null, accessKeyId, ct);
        return error is null ? LocalRedirect(ConsolePaths.AccessKeys) : await RenderAsync(null, error, ct);
    }

    /// <summary>Enable or Disable: RAM UpdateAccessKey on the caller's own user, as the API's UpdateAccessKey.</summary>
    public async Task<IActionResult> OnPostStatusAsync(string? accessKeyId, string? status, CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            return await RenderAsync(null, null, ct);
        }

        if (!await AllowedAsync("ram:UpdateAccessKey", ct))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await RenderAsync(null, StatusDenied, ct);
        }

        var error = await panels.SetStatusAsync(Audit(), null, accessKeyId, status, ct);
        return error is null ? LocalRedirect(ConsolePaths.AccessKeys) : await RenderAsync(null, error, ct);
    }

    /// <summary>Delete: RAM DeleteAccessKey on the caller's own user, as the API's DeleteAccessKey.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            return await RenderAsync(null, null, ct);
        }

        if (!await AllowedAsync("ram:DeleteAccessKey", ct))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await RenderAsync(null, DeleteDenied, ct);
        }

        var error = await panels.DeleteAsync(Audit(), null, accessKeyId, ct);
        return error is null ? LocalRedirect(ConsolePaths.AccessKeys) : await RenderAsync(null, error, ct);
    }

    internal const string StatusDenied = "You are not authorized to enable or disable AccessKey pairs: it needs ram:UpdateAccessKey on your user.";

    internal const string DeleteDenied = "You are not authorized to delete AccessKey pairs: it needs ram:DeleteAccessKey on your user.";

    internal const string RotateDenied = "You are not authorized to rotate or cancel a rotation: it needs ram:CreateAccessKey, ram:UpdateAccessKey and ram:DeleteAccessKey on the key's owner.";

    /// <summary>The page manages the caller's own keys: RAM CreateAccessKey on its own user (the account may always).</summary>
    private Task<bool> AllowedAsync(CancellationToken ct) => AllowedAsync("ram:CreateAccessKey", ct);

    private async Task<bool> AllowedAsync(string ramAction, CancellationToken ct) =>
        await authorizer.IsAllowedAsync(
            Caller,
            ramAction,
            ResourceNames.User(Caller.AccountId, Caller.UserName ?? ""),
            new AuthorizationContext(HttpContext.Connection.RemoteIpAddress, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), Request.IsHttps, mfaPresent: ConsoleClaims.MfaPresentOf(User)),
            ct);

    private async Task<IActionResult> RenderAsync(CreatedAccessKeyView? created, string? error, CancellationToken ct)
    {
        if (!await AllowedAsync(ct))
        {
            Denied = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var panel = await panels.LoadAsync(Caller, null, !Caller.IsAccount, ConsolePaths.AccessKeys, created, error, ct, ConsolePaths.AccessKeyRecycleBin);
        if (!panel.IsSuccess)
        {
            return NotFound();
        }

        Panel = panel.Value;
        return Page();
    }
}
