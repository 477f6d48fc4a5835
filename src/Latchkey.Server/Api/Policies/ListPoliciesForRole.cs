using Latchkey.Core.Policies;
using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPoliciesForRole: RoleName required. No paging.</summary>
internal static class ListPoliciesForRole
{
    public sealed record Response(PolicyViews.AttachedList Policies);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var policies = await context.Get<RoleService>().ListPoliciesAsync(context.Caller.AccountId, context.Optional("RoleName"), cancellationToken);
        if (!policies.IsSuccess)
        {
            return policies.Error;
        }

        var described = await context.Get<PolicyService>().DescribeAsync(
            context.Caller.AccountId, policies.Value.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), cancellationToken);
        return ApiResponse.Ok(new Response(PolicyViews.From(described)));
    }
}
