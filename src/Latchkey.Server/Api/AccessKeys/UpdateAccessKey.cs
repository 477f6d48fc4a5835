using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>RAM UpdateAccessKey: UserAccessKeyId and Status (Active | Inactive) required, UserName optional.</summary>
internal static class UpdateAccessKey
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var updated = await context.Get<AccessKeyService>().UpdateStatusAsync(
            context.Audit, userName, context.Optional("UserAccessKeyId"), context.Optional("Status"), cancellationToken);
        return ApiResponse.From(updated);
    }
}
