using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS CreateAccessKey: UserPrincipalName optional (absent = the caller, the account included).</summary>
internal static class CreateAccessKey
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var created = await context.Get<AccessKeyService>().CreateAsync(context.Audit, target.Value.UserName, cancellationToken);
        return ApiResponse.From(created, AccessKeys.CreateAccessKey.ToResponse);
    }
}
