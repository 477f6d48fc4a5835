using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM ListUsers: Marker, MaxItems (1..1000, default 100). Marker is present only when IsTruncated.</summary>
internal static class ListUsers
{
    public sealed record Response(bool IsTruncated, string? Marker, UserList Users);

    public sealed record UserList(IReadOnlyList<UserView> User);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        var page = await context.Get<RamUserService>().ListAsync(context.Caller.AccountId, context.Optional("Marker"), maxItems.Value, cancellationToken);
        return ApiResponse.From(page, users => new Response(users.IsTruncated, users.Marker, new UserList([.. users.Items.Select(UserView.From)])));
    }
}
