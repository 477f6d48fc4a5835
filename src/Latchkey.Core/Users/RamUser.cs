namespace Latchkey.Core.Users;

/// <summary>An identity inside an account. <see cref="UserName"/> is its logon name.</summary>
public sealed record RamUser(
    string UserId,
    string AccountId,
    string UserName,
    string DisplayName,
    string Comments,
    string Email,
    string MobilePhone,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    DateTimeOffset? LastLoginDate);
