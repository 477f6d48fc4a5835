using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM AttachPolicyToUser: PolicyType (System or Custom), PolicyName, UserName, all required.</summary>
internal static class AttachPolicyToUser
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<RamUserService>().AttachPolicyAsync(
            context.Audit, context.Optional("UserName"), context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken));
}
