using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DeletePolicyVersion: PolicyName, VersionId (required); the default version cannot be deleted.</summary>
internal static class DeletePolicyVersion
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<PolicyService>().DeleteVersionAsync(context.Audit, context.Optional("PolicyName"), context.Optional("VersionId"), cancellationToken));
}
