using System.Globalization;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>The rotation as the RAM API answers it (Latchkey's own actions; no secret).</summary>
internal sealed record RotationView(
    string RotationId,
    string OldAccessKeyId,
    string NewAccessKeyId,
    string State,
    long GracePeriod,
    long RecycleHold,
    DateTimeOffset StartDate,
    DateTimeOffset StateChangeDate,
    DateTimeOffset OldAccessKeyLastSeenUsed,
    DateTimeOffset? DisableDate,
    string? EndReason)
{
    public static RotationView Of(AccessKeyRotation rotation) => new(
        rotation.RotationId,
        rotation.OldAccessKeyId,
        rotation.NewAccessKeyId,
        rotation.State.ToString(),
        (long)rotation.GracePeriod.TotalSeconds,
        (long)rotation.RecycleHold.TotalSeconds,
        rotation.StartedAt,
        rotation.StateChangedAt,
        rotation.LastSeenUse,
        rotation.State == AccessKeyRotationState.Waiting ? rotation.DisableAt : null,
        rotation.EndReason);
}

/// <summary>
/// Latchkey's own StartAccessKeyRotation (RAM 2015-05-01): UserAccessKeyId required, UserName
/// optional (absent = the caller), GracePeriod optional (seconds, 1 to 2592000; default
/// AccessKeyLifecycle:RotationGracePeriod). Creates the new pair (its secret appears only in this
/// response) and hands the watching to the server's rotation job. Authorized as
/// ram:CreateAccessKey, ram:UpdateAccessKey and ram:DeleteAccessKey on the owner.
/// </summary>
internal static class StartAccessKeyRotation
{
    public sealed record Response(CreateAccessKey.CreatedKey AccessKey, RotationView AccessKeyRotation);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        TimeSpan? grace = null;
        if (context.Optional("GracePeriod") is { } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > (long)AccessKeyRotations.MaxGracePeriod.TotalSeconds)
            {
                return Errors.Rotation.InvalidGracePeriod;
            }

            grace = TimeSpan.FromSeconds(seconds);
        }

        var started = await context.Get<AccessKeyRotations>().StartAsync(context.Audit, context.Optional("UserName"), context.Optional("UserAccessKeyId"), grace, cancellationToken);
        return ApiResponse.From(started, s => new Response(CreateAccessKey.ToResponse(s.NewKey).AccessKey, RotationView.Of(s.Rotation)));
    }
}

/// <summary>Latchkey's own GetAccessKeyRotation: RotationId required, UserName optional. Authorized as ram:ListAccessKeys on the owner (what reading a user's keys needs).</summary>
internal static class GetAccessKeyRotation
{
    public sealed record Response(RotationView AccessKeyRotation);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var found = await context.Get<AccessKeyRotations>().GetAsync(context.Caller, context.Optional("UserName"), context.Optional("RotationId"), cancellationToken);
        return ApiResponse.From(found, r => new Response(RotationView.Of(r)));
    }
}

/// <summary>
/// Latchkey's own CancelAccessKeyRotation: UserAccessKeyId (the old or the new key of the open
/// rotation) required, UserName optional; both keys keep their status. Authorized as
/// ram:UpdateAccessKey on the owner.
/// </summary>
internal static class CancelAccessKeyRotation
{
    public sealed record Response(RotationView AccessKeyRotation);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var cancelled = await context.Get<AccessKeyRotations>().CancelAsync(context.Audit, context.Optional("UserName"), context.Optional("UserAccessKeyId"), cancellationToken);
        return ApiResponse.From(cancelled, r => new Response(RotationView.Of(r)));
    }
}
