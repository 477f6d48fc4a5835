using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM GetUser: UserName (required).</summary>
internal static class GetUser
{
    public sealed record Response(UserView User);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var user = await context.Get<RamUserService>().GetAsync(context.Caller.AccountId, context.Optional("UserName"), cancellationToken);
        return ApiResponse.From(user, found => new Response(UserView.From(found)));
    }
}
