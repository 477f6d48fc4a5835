namespace Latchkey.Core.AccessKeys;

/// <summary>Where a server-side rotation is (docs/access-keys.md, "Rotation").</summary>
public enum AccessKeyRotationState
{
    /// <summary>The new pair exists; the old key stays Active until it has been unused for the grace period.</summary>
    Waiting,

    /// <summary>The old key is disabled; it moves to the recycle bin once the hold is over.</summary>
    Disabled,

    /// <summary>Done: the old key is in the recycle bin (or deleted, when the bin is off).</summary>
    Recycled,

    /// <summary>Stopped by a person; the keys keep the status they had.</summary>
    Cancelled,

    /// <summary>Ended by a change made by hand (a key deleted, the old key enabled again); see <see cref="AccessKeyRotation.EndReason"/>.</summary>
    Ended,
}

/// <summary>
/// A server-side rotation of <see cref="OldAccessKeyId"/> to <see cref="NewAccessKeyId"/>: the
/// rotation job disables the old key once it has been unused for <see cref="GracePeriod"/> since
/// <see cref="StartedAt"/> (the later of its recorded last use, the last time the job saw its usage
/// counters move, and the start), then moves it to the recycle bin after <see cref="RecycleHold"/>.
/// <see cref="LastSeenUse"/> and <see cref="ObservedCalls"/> are what the job observed so far.
/// </summary>
public sealed record AccessKeyRotation(
    string RotationId,
    string AccountId,
    string? UserId,
    string OldAccessKeyId,
    string NewAccessKeyId,
    TimeSpan GracePeriod,
    TimeSpan RecycleHold,
    DateTimeOffset StartedAt,
    string StartedBy,
    AccessKeyRotationState State,
    DateTimeOffset StateChangedAt,
    DateTimeOffset LastSeenUse,
    long ObservedCalls,
    string? EndReason)
{
    /// <summary>Waiting or Disabled: the job still has work to do and Cancel is possible.</summary>
    public bool IsOpen => State is AccessKeyRotationState.Waiting or AccessKeyRotationState.Disabled;

    /// <summary>When the old key is disabled at the earliest, if it is not used again.</summary>
    public DateTimeOffset DisableAt => LastSeenUse + GracePeriod;
}

/// <summary>What starting a rotation returns: the rotation and the new pair, whose secret is shown once.</summary>
public sealed record StartedAccessKeyRotation(AccessKeyRotation Rotation, CreatedAccessKey NewKey);
