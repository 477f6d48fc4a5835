using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListEntitiesForPolicy: PolicyName, PolicyType. Users, Groups and Roles are always present.</summary>
internal static class ListEntitiesForPolicy
{
    public sealed record Response(UserList Users, GroupList Groups, RoleList Roles);

    public sealed record UserList(IReadOnlyList<UserItem> User);

    public sealed record UserItem(string UserId, string UserName, string DisplayName, DateTimeOffset AttachDate);

    public sealed record GroupList(IReadOnlyList<GroupItem> Group);

    public sealed record GroupItem(string GroupName, string Comments, DateTimeOffset AttachDate);

    public sealed record RoleList(IReadOnlyList<RoleItem> Role);

    public sealed record RoleItem(string RoleId, string RoleName, string Arn, string Description, DateTimeOffset AttachDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var entities = await context.Get<PolicyService>().ListEntitiesAsync(context.Caller.AccountId, context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken);
        return ApiResponse.From(entities, e => new Response(
            new UserList([.. e.Users.Select(u => new UserItem(u.UserId, u.UserName, u.DisplayName, u.AttachDate))]),
            new GroupList([.. e.Groups.Select(g => new GroupItem(g.GroupName, g.Comments, g.AttachDate))]),
            new RoleList([.. e.Roles.Select(r => new RoleItem(r.RoleId, r.RoleName, r.Arn, r.Description, r.AttachDate))])));
    }
}
