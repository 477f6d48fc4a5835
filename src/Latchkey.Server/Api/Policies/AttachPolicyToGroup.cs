using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM AttachPolicyToGroup: PolicyType, PolicyName, GroupName, all required.</summary>
internal static class AttachPolicyToGroup
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().AttachPolicyAsync(
            context.Audit, context.Optional("GroupName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken));
}
