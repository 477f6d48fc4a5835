using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;

namespace Latchkey.Server.Api.Mfa;

/// <summary>IMS GetAccountMFAInfo: whether the account itself (its console logon) has a bound device.</summary>
internal static class GetAccountMFAInfo
{
    public sealed record Response(bool IsMFAEnable);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var device = await context.Get<MfaService>().FindBoundAsync(new Principal(context.Caller.AccountId, null, null, null), cancellationToken);
        return ApiResponse.Ok(new Response(device is not null));
    }
}
