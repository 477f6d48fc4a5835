using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>RAM CreateRole: RoleName, AssumeRolePolicyDocument (required), Description, MaxSessionDuration (3600-43200, default 3600).</summary>
internal static class CreateRole
{
    public sealed record Response(RoleView Role);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var duration = context.OptionalInt32("MaxSessionDuration");
        if (!duration.IsSuccess)
        {
            return Core.Results.Errors.Role.MaxSessionDuration;
        }

        return ApiResponse.From(
            await context.Get<RoleService>().CreateAsync(
                context.Audit, context.Optional("RoleName"), context.Optional("AssumeRolePolicyDocument"), context.Optional("Description"), duration.Value, cancellationToken),
            r => new Response(RoleView.Created(r)));
    }
}
