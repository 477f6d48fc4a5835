using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Ims;

/// <summary>
/// IMS SetAccessKeyPolicy (spec ram-roles-sts-mfa.md 9.1): UserAccessKeyId and AccessKeyPolicy
/// required, UserPrincipalName optional (absent = a key of the caller). Answers the stored
/// document as a JSON string, as Terraform's alicloud_ram_access_key_policy reads it back.
/// </summary>
internal static class SetAccessKeyPolicy
{
    public sealed record Response(string AccessKeyId, string AccessKeyPolicy);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Optional("UserAccessKeyId") is not { } accessKeyId)
        {
            return Errors.Missing("UserAccessKeyId");
        }

        if (context.Optional("AccessKeyPolicy") is not { } document)
        {
            return Errors.Missing("AccessKeyPolicy");
        }

        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var set = await context.Get<AccessKeyGuardService>().SetNetworkPolicyAsync(context.Audit, target.Value.UserName, accessKeyId, document, cancellationToken);
        return ApiResponse.From(set, stored => new Response(accessKeyId, stored));
    }
}
