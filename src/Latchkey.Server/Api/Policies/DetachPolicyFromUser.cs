using Latchkey.Core.Authorization;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DetachPolicyFromUser: PolicyType (System), PolicyName, UserName, all required.</summary>
internal static class DetachPolicyFromUser
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (await context.AuthorizeAsync(ActionKind.Write, cancellationToken) is { } denied)
        {
            return denied;
        }

        var detached = await context.Get<RamUserService>().DetachPolicyAsync(
            context.Audit, context.Optional("UserName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken);
        return ApiResponse.From(detached);
    }
}
