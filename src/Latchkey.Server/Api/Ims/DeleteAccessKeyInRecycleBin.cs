using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS DeleteAccessKeyInRecycleBin: UserAccessKeyId required, UserId optional (absent = the caller, or any key of the account when the account calls).</summary>
internal static class DeleteAccessKeyInRecycleBin
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<AccessKeyRecycleBin>().DeleteAsync(
            context.Audit, context.Optional("UserId"), context.Optional("UserAccessKeyId"), cancellationToken));
}
