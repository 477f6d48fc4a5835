namespace Latchkey.Core.Policies;

/// <summary>Who a policy is attached to in one account (ListEntitiesForPolicy).</summary>
public sealed record PolicyEntities(IReadOnlyList<PolicyEntities.AttachedUser> Users, IReadOnlyList<PolicyEntities.AttachedGroup> Groups)
{
    public int Count => Users.Count + Groups.Count + Roles.Count;

    /// <summary>The roles of the account the policy is attached to.</summary>
    public IReadOnlyList<AttachedRole> Roles { get; init; } = [];

    public sealed record AttachedUser(string UserId, string UserName, string DisplayName, DateTimeOffset AttachDate);

    public sealed record AttachedRole(string RoleId, string RoleName, string Arn, string Description, DateTimeOffset AttachDate);

    public sealed record AttachedGroup(string GroupId, string GroupName, string Comments, DateTimeOffset AttachDate);
}
