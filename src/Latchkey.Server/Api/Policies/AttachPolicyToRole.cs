using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM AttachPolicyToRole: PolicyType, PolicyName, RoleName, all required.</summary>
internal static class AttachPolicyToRole
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<RoleService>().AttachPolicyAsync(
            context.Audit, context.Optional("RoleName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken));
}
