using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM ListGroupsForUser: UserName (required). No paging.</summary>
internal static class ListGroupsForUser
{
    public sealed record Response(GroupList Groups);

    public sealed record GroupList(IReadOnlyList<GroupItem> Group);

    public sealed record GroupItem(string GroupId, string GroupName, string Comments, DateTimeOffset JoinDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var groups = await context.Get<GroupService>().ListGroupsForUserAsync(context.Caller.AccountId, context.Optional("UserName"), cancellationToken);
        return ApiResponse.From(groups, list => new Response(new GroupList([.. list.Select(m => new GroupItem(m.Group.GroupId, m.Group.GroupName, m.Group.Comments, m.JoinDate))])));
    }
}
