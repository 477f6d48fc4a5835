using Latchkey.Core.Logons;

namespace Latchkey.Server.Api.PasswordPolicies;

/// <summary>RAM and IMS GetPasswordPolicy: no parameters; one policy per account, shaped per product.</summary>
internal static class GetPasswordPolicy
{
    public static Task<ApiResponse> HandleRamAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var policy = await context.Get<PasswordPolicyService>().GetAsync(context.Caller.AccountId, cancellationToken);
        return ApiResponse.Ok(PasswordPolicyViews.For(ims, policy));
    }
}
