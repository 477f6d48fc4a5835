using Latchkey.Core.Mfa;

namespace Latchkey.Server.Api.Mfa;

/// <summary>RAM and IMS CreateVirtualMFADevice: VirtualMFADeviceName required. The seed and its QR code are returned this once.</summary>
internal static class CreateVirtualMFADevice
{
    public sealed record Response(Device VirtualMFADevice);

    public sealed record Device(string SerialNumber, string Base32StringSeed, string QRCodePNG);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var created = await context.Get<MfaService>().CreateAsync(context.Audit, context.Optional("VirtualMFADeviceName"), cancellationToken);
        return ApiResponse.From(created, device => new Response(new Device(device.Device.SerialNumber, device.Base32StringSeed, Convert.ToBase64String(device.QrCodePng))));
    }
}
