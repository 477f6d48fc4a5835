using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM's User object (GetUser, CreateUser, UpdateUser, ListUsers items).</summary>
internal sealed record UserView(
    string UserId,
    string UserName,
    string DisplayName,
    string MobilePhone,
    string Email,
    string Comments,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    DateTimeOffset? LastLoginDate)
{
    public static UserView From(RamUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.UserId, user.UserName, user.DisplayName, user.MobilePhone, user.Email, user.Comments, user.CreateDate, user.UpdateDate, user.LastLoginDate);
    }
}
