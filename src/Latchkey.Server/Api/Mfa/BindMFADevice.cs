using Latchkey.Core.Mfa;

namespace Latchkey.Server.Api.Mfa;

/// <summary>RAM BindMFADevice (UserName) and IMS BindMFADevice (UserPrincipalName): SerialNumber and two consecutive codes.</summary>
internal static class BindMFADevice
{
    public static Task<ApiResponse> HandleRamAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var target = ims
            ? await MfaTarget.FromPrincipalNameAsync(context, callerWhenAbsent: false, cancellationToken)
            : await MfaTarget.FromUserNameAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        return ApiResponse.From(await context.Get<MfaService>().BindAsync(
            context.Audit, context.Optional("SerialNumber"), target.Value, context.Optional("AuthenticationCode1"), context.Optional("AuthenticationCode2"), cancellationToken));
    }
}
