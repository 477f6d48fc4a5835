using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM ListGroups: Marker, MaxItems (1..1000, default 100). IsTruncated always present.</summary>
internal static class ListGroups
{
    public sealed record Response(bool IsTruncated, string? Marker, GroupList Groups);

    public sealed record GroupList(IReadOnlyList<GroupView> Group);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        var page = await context.Get<GroupService>().ListAsync(context.Caller.AccountId, context.Optional("Marker"), maxItems.Value, cancellationToken);
        return ApiResponse.From(page, p => new Response(p.IsTruncated, p.Marker, new GroupList([.. p.Items.Select(GroupView.From)])));
    }
}
