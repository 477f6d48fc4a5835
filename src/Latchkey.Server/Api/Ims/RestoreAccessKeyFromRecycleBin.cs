using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS RestoreAccessKeyFromRecycleBin: UserAccessKeyId required, UserId optional.</summary>
internal static class RestoreAccessKeyFromRecycleBin
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<AccessKeyRecycleBin>().RestoreAsync(
            context.Audit, context.Optional("UserId"), context.Optional("UserAccessKeyId"), cancellationToken));
}
