using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>RAM GetRole: RoleName (required).</summary>
internal static class GetRole
{
    public sealed record Response(RoleView Role);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<RoleService>().GetAsync(context.Caller.AccountId, context.Optional("RoleName"), cancellationToken), r => new Response(RoleView.Full(r)));
}
