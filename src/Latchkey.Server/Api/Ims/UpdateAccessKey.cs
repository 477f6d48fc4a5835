using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS UpdateAccessKey: UserAccessKeyId and Status required, UserPrincipalName optional.</summary>
internal static class UpdateAccessKey
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var updated = await context.Get<AccessKeyService>().UpdateStatusAsync(
            context.Audit, target.Value.UserName, context.Optional("UserAccessKeyId"), context.Optional("Status"), cancellationToken);
        return ApiResponse.From(updated);
    }
}
