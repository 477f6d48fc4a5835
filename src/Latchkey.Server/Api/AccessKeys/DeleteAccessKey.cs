using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>RAM DeleteAccessKey: UserAccessKeyId required, UserName optional.</summary>
internal static class DeleteAccessKey
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var deleted = await context.Get<AccessKeyService>().DeleteAsync(context.Audit, userName, context.Optional("UserAccessKeyId"), cancellationToken);
        return ApiResponse.From(deleted);
    }
}
