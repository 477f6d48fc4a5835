using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>RAM UpdateRole: RoleName (required), NewAssumeRolePolicyDocument, NewMaxSessionDuration, NewDescription; only supplied fields change.</summary>
internal static class UpdateRole
{
    public sealed record Response(RoleView Role);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var duration = context.OptionalInt32("NewMaxSessionDuration");
        if (!duration.IsSuccess)
        {
            return Core.Results.Errors.Role.NewMaxSessionDuration;
        }

        return ApiResponse.From(
            await context.Get<RoleService>().UpdateAsync(
                context.Audit, context.Optional("RoleName"), context.Optional("NewAssumeRolePolicyDocument"), duration.Value, context.Raw("NewDescription"), cancellationToken),
            r => new Response(RoleView.Full(r)));
    }
}
