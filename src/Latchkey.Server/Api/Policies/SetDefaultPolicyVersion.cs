using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM SetDefaultPolicyVersion: PolicyName, VersionId (required). Takes effect on every node within the change-feed bound.</summary>
internal static class SetDefaultPolicyVersion
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<PolicyService>().SetDefaultVersionAsync(context.Audit, context.Optional("PolicyName"), context.Optional("VersionId"), cancellationToken));
}
