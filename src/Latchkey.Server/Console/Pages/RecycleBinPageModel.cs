using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authorization;
using Latchkey.Server.Console.Pages.Ram;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>
/// The AccessKey recycle bin of one owner (docs/access-keys.md, "Recycle bin"): the keys deleted
/// into it, with Restore and Delete permanently. The IMS recycle-bin actions' Core service
/// (<see cref="AccessKeyRecycleBin"/>) does the work; each handler is authorized by the policy
/// engine as its IMS action (ListAccessKeysInRecycleBin, RestoreAccessKeyFromRecycleBin,
/// DeleteAccessKeyInRecycleBin) on the owner.
/// </summary>
public abstract class RecycleBinPageModel(AccessKeyRecycleBin bin, Authorizer authorizer) : RamPageModel(authorizer)
{
    public IReadOnlyList<AccessKey> Keys { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Success { get; private set; }

    /// <summary>The owner's name for the policy engine's resource (the caller's own user for the own page; "" for the account).</summary>
    protected abstract string ResourceUserName { get; }

    /// <summary>The page's own path (forms post back to it).</summary>
    public abstract string PagePath { get; }

    /// <summary>The owner's UserId for the bin (null = the caller itself); an error text when there is no such owner.</summary>
    protected abstract Task<(string? UserId, bool Found)> OwnerAsync(CancellationToken ct);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RenderAsync(ct);

    public async Task<IActionResult> OnPostRestoreAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await MayAsync("ram:RestoreAccessKeyFromRecycleBin", ResourceUserName, ct))
        {
            return NoPermission();
        }

        var (userId, found) = await OwnerAsync(ct);
        if (!found)
        {
            return NotFound();
        }

        var restored = await bin.RestoreAsync(Audit(), userId, accessKeyId, ct);
        if (restored.IsSuccess)
        {
            Success = $"{accessKeyId} is restored with the status it had.";
        }
        else
        {
            Error = restored.Error.Message;
            Response.StatusCode = restored.Error.HttpStatus;
        }

        return await RenderAsync(ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? accessKeyId, CancellationToken ct)
    {
        if (!await MayAsync("ram:DeleteAccessKeyInRecycleBin", ResourceUserName, ct))
        {
            return NoPermission();
        }

        var (userId, found) = await OwnerAsync(ct);
        if (!found)
        {
            return NotFound();
        }

        var deleted = await bin.DeleteAsync(Audit(), userId, accessKeyId, ct);
        if (deleted.IsSuccess)
        {
            Success = $"{accessKeyId} is deleted permanently.";
        }
        else
        {
            Error = deleted.Error.Message;
            Response.StatusCode = deleted.Error.HttpStatus;
        }

        return await RenderAsync(ct);
    }

    private async Task<IActionResult> RenderAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:ListAccessKeysInRecycleBin", ResourceUserName, ct))
        {
            return NoPermission();
        }

        var (userId, found) = await OwnerAsync(ct);
        if (!found)
        {
            return NotFound();
        }

        var listed = await bin.ListAsync(Caller, userId, ct);
        if (!listed.IsSuccess)
        {
            return NotFound();
        }

        Keys = listed.Value;
        return Page();
    }
}
