using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM GetPolicy: PolicyName, PolicyType. DefaultPolicyVersion.PolicyDocument is the document as a string (Terraform reads it so).</summary>
internal static class GetPolicy
{
    public sealed record Response(PolicyViews.Policy Policy, PolicyViews.Version DefaultPolicyVersion);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var found = await context.Get<PolicyService>().GetAsync(context.Caller.AccountId, context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken);
        return ApiResponse.From(found, p => new Response(PolicyViews.From(p.Policy), PolicyViews.From(p.DefaultVersion)));
    }
}
