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
    AccessKeyLastUse? LastUse);
