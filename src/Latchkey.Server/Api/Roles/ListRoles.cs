using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>RAM ListRoles: Marker, MaxItems (1..1000, default 100). IsTruncated always present; Marker only when truncated.</summary>
internal static class ListRoles
{
    public sealed record Response(bool IsTruncated, string? Marker, RoleList Roles);

    public sealed record RoleList(IReadOnlyList<RoleView> Role);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        var page = await context.Get<RoleService>().ListAsync(context.Caller.AccountId, context.Optional("Marker"), maxItems.Value, cancellationToken);
        return ApiResponse.From(page, p => new Response(p.IsTruncated, p.Marker, new RoleList([.. p.Items.Select(RoleView.Listed)])));
    }
}
