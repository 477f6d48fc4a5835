using Latchkey.Core.Groups;
using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPoliciesForGroup: GroupName required. No paging.</summary>
internal static class ListPoliciesForGroup
{
    public sealed record Response(PolicyViews.AttachedList Policies);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var policies = await context.Get<GroupService>().ListPoliciesAsync(context.Caller.AccountId, context.Optional("GroupName"), cancellationToken);
        if (!policies.IsSuccess)
        {
            return policies.Error;
        }

        var described = await context.Get<PolicyService>().DescribeAsync(
            context.Caller.AccountId, policies.Value.Select(p => (p.PolicyName, p.PolicyType, p.AttachDate)), cancellationToken);
        return ApiResponse.Ok(new Response(PolicyViews.From(described)));
    }
}
