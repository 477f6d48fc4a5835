namespace Latchkey.Core.Policies;

/// <summary>Who a policy is attached to in one account (ListEntitiesForPolicy).</summary>
public sealed record PolicyEntities(IReadOnlyList<PolicyEntities.AttachedUser> Users, IReadOnlyList<PolicyEntities.AttachedGroup> Groups)
{
    public int Count => Users.Count + Groups.Count;

    public sealed record AttachedUser(string UserId, string UserName, string DisplayName, DateTimeOffset AttachDate);

    public sealed record AttachedGroup(string GroupId, string GroupName, string Comments, DateTimeOffset AttachDate);
}
