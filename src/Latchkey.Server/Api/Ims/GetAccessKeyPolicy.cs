using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Ims;

/// <summary>
/// IMS GetAccessKeyPolicy: UserAccessKeyId required, UserPrincipalName optional. A key that never
/// had a policy answers <c>"{}"</c>, as Alibaba does; a cleared one answers the Inactive document.
/// </summary>
internal static class GetAccessKeyPolicy
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Optional("UserAccessKeyId") is not { } accessKeyId)
        {
            return Errors.Missing("UserAccessKeyId");
        }

        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var found = await context.Get<AccessKeyGuardService>().GetNetworkPolicyAsync(context.Caller, target.Value.UserName, accessKeyId, cancellationToken);
        return ApiResponse.From(found, document => new SetAccessKeyPolicy.Response(accessKeyId, document));
    }
}
