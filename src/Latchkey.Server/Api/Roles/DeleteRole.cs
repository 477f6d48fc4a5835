using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>RAM DeleteRole: RoleName (required); refused while policies are attached. Its sessions stop working.</summary>
internal static class DeleteRole
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<RoleService>().DeleteAsync(context.Audit, context.Optional("RoleName"), cancellationToken));
}
