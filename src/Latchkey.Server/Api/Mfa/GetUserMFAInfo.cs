using Latchkey.Core.Mfa;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Mfa;

/// <summary>
/// RAM GetUserMFAInfo (UserName required) and IMS (UserPrincipalName; absent = a RAM user caller
/// itself; the answer adds IsMFAEnable). No device: EntityNotExist.User.MFADevice, as scanners expect.
/// </summary>
internal static class GetUserMFAInfo
{
    public sealed record RamResponse(Device MFADevice);

    public sealed record ImsResponse(bool IsMFAEnable, Device MFADevice);

    public sealed record Device(string SerialNumber, string Type);

    public static Task<ApiResponse> HandleRamAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var target = ims
            ? await MfaTarget.FromPrincipalNameAsync(context, callerWhenAbsent: true, cancellationToken)
            : await MfaTarget.FromUserNameAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var device = await context.Get<MfaService>().FindBoundAsync(target.Value, cancellationToken);
        if (device is null)
        {
            return Errors.Mfa.UserHasNoDevice;
        }

        var view = new Device(device.SerialNumber, "VMFA");
        return ApiResponse.Ok(ims ? new ImsResponse(true, view) : new RamResponse(view));
    }
}
