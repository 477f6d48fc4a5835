namespace Latchkey.Core.Mfa;

/// <summary>A new device as CreateVirtualMFADevice returns it, once: the seed in Base32 and as a QR code PNG.</summary>
public sealed record CreatedMfaDevice(MfaDevice Device, string Base32StringSeed, byte[] QrCodePng, string OtpAuthUri);
