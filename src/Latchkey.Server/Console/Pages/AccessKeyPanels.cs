using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages;

/// <summary>The AccessKey actions shared by the account's page and a RAM user's Authentication tab.</summary>
public sealed class AccessKeyPanels(AccessKeyService keys, AccessKeyRotations rotations, IOptions<IdentityOptions> options)
{
    /// <summary>The limit for the owner: the account's configured limit, or 2 for a RAM user.</summary>
    public int LimitFor(bool forRamUser) => forRamUser ? AccessKeyService.UserAccessKeyLimit : options.Value.AccountAccessKeyLimit;

    public async Task<Result<AccessKeyPanel>> LoadAsync(
        Latchkey.Core.Principals.Principal caller, string? userName, bool forRamUser, string returnUrl,
        CreatedAccessKeyView? created, string? error, CancellationToken ct, string? recycleBinUrl = null)
    {
        var list = await keys.ListAsync(caller, userName, ct);
        if (!list.IsSuccess)
        {
            return list.Error;
        }

        var rotationList = await rotations.ListAsync(caller, userName, ct);
        var defaultMinutes = (int)Math.Round(rotations.DefaultGracePeriod.TotalMinutes);
        var presets = AccessKeyPanel.DefaultGracePresets;
        if (defaultMinutes >= 1 && !presets.Any(p => p.Minutes == defaultMinutes))
        {
            presets = [.. presets.Append((Minutes: defaultMinutes, Label: ConsoleText.Span(TimeSpan.FromMinutes(defaultMinutes)))).OrderBy(p => p.Minutes)];
        }

        return new AccessKeyPanel
        {
            Rotations = rotationList.IsSuccess ? rotationList.Value : [],
            GracePresets = presets,
            DefaultGraceMinutes = defaultMinutes,
            RecycleBinUrl = recycleBinUrl,
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
    /// Rotate, as one action: starts the server-side rotation of the Active key
    /// <paramref name="accessKeyId"/> (AccessKeyRotations): the new pair is shown once, like Create;
    /// the rotation job disables the old key once it has been unused for the chosen grace period
    /// (<paramref name="graceMinutes"/>, one of the form's presets; absent = the default) and then
    /// moves it to the recycle bin. Refused with the rotation's messages (no room, already rotating, disabled).
    /// </summary>
    public async Task<(CreatedAccessKeyView? Created, string? Error)> RotateAsync(AuditContext ctx, string? userName, string? accessKeyId, string? graceMinutes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        TimeSpan? grace = null;
        if (!string.IsNullOrEmpty(graceMinutes))
        {
            if (!int.TryParse(graceMinutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
                || !AccessKeyPanel.DefaultGracePresets.Any(p => p.Minutes == minutes) && minutes != (int)Math.Round(rotations.DefaultGracePeriod.TotalMinutes))
            {
                return (null, "Choose one of the grace periods offered.");
            }

            grace = TimeSpan.FromMinutes(minutes);
        }

        var started = await rotations.StartAsync(ctx, userName, accessKeyId, grace, ct);
        if (!started.IsSuccess)
        {
            return (null, started.Error.Message);
        }

        var rotation = started.Value.Rotation;
        return (new CreatedAccessKeyView(started.Value.NewKey.Key.AccessKeyId, started.Value.NewKey.Secret.Reveal(), rotation.OldAccessKeyId, rotation.GracePeriod), null);
    }

    /// <summary>Cancel rotation: stops the open rotation of the key; both keys keep their status.</summary>
    public async Task<string?> CancelRotationAsync(AuditContext ctx, string? userName, string? accessKeyId, CancellationToken ct)
    {
        var result = await rotations.CancelAsync(ctx, userName, accessKeyId, ct);
        return result.IsSuccess ? null : result.Error.Message;
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
