using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DetachPolicyFromGroup: PolicyType, PolicyName, GroupName, all required.</summary>
internal static class DetachPolicyFromGroup
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().DetachPolicyAsync(
            context.Audit, context.Optional("GroupName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken));
}
