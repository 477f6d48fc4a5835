using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM ListUsersForGroup: GroupName (required), Marker, MaxItems (1..1000, default 100).</summary>
internal static class ListUsersForGroup
{
    public sealed record Response(bool IsTruncated, string? Marker, UserList Users);

    public sealed record UserList(IReadOnlyList<UserItem> User);

    public sealed record UserItem(string UserName, string DisplayName, DateTimeOffset JoinDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        var page = await context.Get<GroupService>().ListUsersAsync(context.Caller.AccountId, context.Optional("GroupName"), context.Optional("Marker"), maxItems.Value, cancellationToken);
        return ApiResponse.From(page, p => new Response(p.IsTruncated, p.Marker, new UserList([.. p.Items.Select(m => new UserItem(m.UserName, m.DisplayName, m.JoinDate))])));
    }
}
