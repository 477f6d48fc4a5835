using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DetachPolicyFromUser: PolicyType (System or Custom), PolicyName, UserName, all required.</summary>
internal static class DetachPolicyFromUser
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<RamUserService>().DetachPolicyAsync(
            context.Audit, context.Optional("UserName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken));
}
