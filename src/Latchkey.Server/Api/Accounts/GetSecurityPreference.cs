using Latchkey.Core.Logons;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM and IMS GetSecurityPreference: no parameters; one preference per account, shaped per product.</summary>
internal static class GetSecurityPreference
{
    public static Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var preference = await context.Get<SecurityPreferenceService>().GetAsync(context.Caller.AccountId, cancellationToken);
        return ApiResponse.From(preference, value => SecurityPreferenceView.For(ims, value));
    }
}
