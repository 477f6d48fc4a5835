namespace Latchkey.Core.AccessKeys;

/// <summary>
/// An AccessKey pair without its secret. <see cref="UserId"/> is null when the key belongs to the
/// account itself, else the RAM user that owns it.
/// </summary>
public sealed record AccessKey(
    string AccessKeyId,
    string AccountId,
    string? UserId,
    AccessKeyStatus Status,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    AccessKeyLastUse? LastUse)
{
    /// <summary>When the key was deleted into the recycle bin; null for a live key. A key in the bin never verifies.</summary>
    public DateTimeOffset? RecycleDate { get; init; }

    /// <summary>When a key in the recycle bin is deleted for good; null for a live key.</summary>
    public DateTimeOffset? PurgeDate { get; init; }

    public bool IsRecycled => RecycleDate is not null;
}
