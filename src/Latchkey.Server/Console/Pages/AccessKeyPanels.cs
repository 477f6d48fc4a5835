using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages;

/// <summary>The AccessKey actions shared by the account's page and a RAM user's Authentication tab.</summary>
public sealed class AccessKeyPanels(AccessKeyService keys, IOptions<IdentityOptions> options)
{
    /// <summary>The limit for the owner: the account's configured limit, or 2 for a RAM user.</summary>
    public int LimitFor(bool forRamUser) => forRamUser ? AccessKeyService.UserAccessKeyLimit : options.Value.AccountAccessKeyLimit;

    public async Task<Result<AccessKeyPanel>> LoadAsync(
        Latchkey.Core.Principals.Principal caller, string? userName, bool forRamUser, string returnUrl,
        CreatedAccessKeyView? created, string? error, CancellationToken ct)
    {
        var list = await keys.ListAsync(caller, userName, ct);
        if (!list.IsSuccess)
        {
            return list.Error;
        }

        return new AccessKeyPanel
        {
            Keys = [.. list.Value.OrderBy(key => key.CreateDate)],
            Limit = LimitFor(forRamUser),
            ForRamUser = forRamUser,
            ReturnUrl = returnUrl,
            Created = created,
            Error = error,
        };
    }

    /// <summary>Creates a key; the error text is the one the page shows (the limit message for the limit).</summary>
    public async Task<(CreatedAccessKeyView? Created, string? Error)> CreateAsync(AuditContext ctx, string? userName, bool forRamUser, CancellationToken ct)
    {
        var created = await keys.CreateAsync(ctx, userName, ct);
        if (created.IsSuccess)
        {
            return (new CreatedAccessKeyView(created.Value.Key.AccessKeyId, created.Value.Secret.Reveal()), null);
        }

        return (null, created.Error.Code == Errors.AccessKey.LimitExceeded.Code
            ? AccessKeyPanel.LimitMessageFor(forRamUser, LimitFor(forRamUser))
            : created.Error.Message);
    }

    /// <summary>
    /// Rotate: creates the new pair for the owner of the Active key <paramref name="accessKeyId"/>
    /// (shown once, like Create); refused with the rotation's limit message when there is no room.
    /// The old key stays Active until its Last Used shows it is no longer used; then the page's
    /// Disable and Delete finish the rotation (docs/access-keys.md, "Rotation").
    /// </summary>
    public async Task<(CreatedAccessKeyView? Created, string? Error)> RotateAsync(AuditContext ctx, string? userName, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var old = await keys.GetAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!old.IsSuccess)
        {
            return (null, old.Error.Message);
        }

        if (old.Value.Status != AccessKeyStatus.Active)
        {
            return (null, $"{old.Value.AccessKeyId} is disabled already: no application can be using it. Delete it, then create a new AccessKey pair.");
        }

        var created = await keys.CreateAsync(ctx, userName, ct);
        if (!created.IsSuccess)
        {
            return (null, created.Error.Code == Errors.AccessKey.LimitExceeded.Code ? Errors.AccessKey.RotateLimitExceeded.Message : created.Error.Message);
        }

        return (new CreatedAccessKeyView(created.Value.Key.AccessKeyId, created.Value.Secret.Reveal(), old.Value.AccessKeyId), null);
    }

    public async Task<string?> SetStatusAsync(AuditContext ctx, string? userName, string? accessKeyId, string? status, CancellationToken ct)
    {
        var result = await keys.UpdateStatusAsync(ctx, userName, accessKeyId, status, ct);
        return result.IsSuccess ? null : result.Error.Message;
    }

    public async Task<string?> DeleteAsync(AuditContext ctx, string? userName, string? accessKeyId, CancellationToken ct)
    {
        var result = await keys.DeleteAsync(ctx, userName, accessKeyId, ct);
        return result.IsSuccess ? null : result.Error.Message;
    }
}
