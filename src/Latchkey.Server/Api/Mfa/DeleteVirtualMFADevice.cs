using Latchkey.Core.Mfa;

namespace Latchkey.Server.Api.Mfa;

/// <summary>RAM and IMS DeleteVirtualMFADevice: SerialNumber required; only an unbound device.</summary>
internal static class DeleteVirtualMFADevice
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        return ApiResponse.From(await context.Get<MfaService>().DeleteAsync(context.Audit, context.Optional("SerialNumber"), cancellationToken));
    }
}
