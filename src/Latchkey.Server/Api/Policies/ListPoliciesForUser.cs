using Latchkey.Core.Policies;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPoliciesForUser: UserName required. System and Custom together, no paging.</summary>
internal static class ListPoliciesForUser
{
    public sealed record Response(PolicyViews.AttachedList Policies);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var policies = await context.Get<RamUserService>().ListPoliciesAsync(context.Caller.AccountId, context.Optional("UserName"), cancellationToken);
        if (!policies.IsSuccess)
        {
            return policies.Error;
        }

        var described = await context.Get<PolicyService>().DescribeAsync(
            context.Caller.AccountId, policies.Value.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), cancellationToken);
        return ApiResponse.Ok(new Response(PolicyViews.From(described)));
    }
}
