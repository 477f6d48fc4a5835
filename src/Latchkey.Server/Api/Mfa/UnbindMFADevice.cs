using Latchkey.Core.Mfa;

namespace Latchkey.Server.Api.Mfa;

/// <summary>RAM UnbindMFADevice (UserName) and IMS (UserPrincipalName): the device survives, unbound.</summary>
internal static class UnbindMFADevice
{
    public sealed record Response(Device MFADevice);

    public sealed record Device(string SerialNumber);

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

        var serial = await context.Get<MfaService>().UnbindAsync(context.Audit, target.Value, cancellationToken);
        return ApiResponse.From(serial, value => new Response(new Device(value)));
    }
}
