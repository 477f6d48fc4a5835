using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM GetPolicyVersion: PolicyName, PolicyType, VersionId (all required).</summary>
internal static class GetPolicyVersion
{
    public sealed record Response(PolicyViews.Version PolicyVersion);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var found = await context.Get<PolicyService>().GetVersionAsync(
            context.Caller.AccountId, context.Optional("PolicyName"), context.Optional("PolicyType"), context.Optional("VersionId"), cancellationToken);
        return ApiResponse.From(found, v => new Response(PolicyViews.From(v)));
    }
}
