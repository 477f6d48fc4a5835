using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS DeleteAccessKey: UserAccessKeyId required, UserPrincipalName optional.</summary>
internal static class DeleteAccessKey
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var deleted = await context.Get<AccessKeyService>().DeleteAsync(context.Audit, target.Value.UserName, context.Optional("UserAccessKeyId"), cancellationToken);
        return ApiResponse.From(deleted);
    }
}
