using System.Security.Cryptography;
using Latchkey.Core.Audit;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Microsoft.AspNetCore.DataProtection;

namespace Latchkey.Server.Console;

/// <summary>
/// Enrolling a virtual MFA device from the console: a new device named after the identity, its QR
/// code and Base32 seed shown on the page, and a protected ticket (the serial number bound to the
/// identity that created it) that the form posts back. Only a ticket this identity was given can
/// show a seed again, so no one can read the seed of an unbound device made by someone else.
/// </summary>
public sealed class MfaEnrolment(MfaService mfa, IDataProtectionProvider protection)
{
    private readonly IDataProtector _tickets = protection.CreateProtector("Latchkey.Console.MfaEnrolment.v1");

    /// <summary>Creates a device for <paramref name="principal"/>, named after <paramref name="baseName"/>.</summary>
    public async Task<Result<MfaEnrolView>> StartAsync(AuditContext audit, Principal principal, string baseName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = DeviceName(baseName);
        var created = await mfa.CreateAsync(audit, name, ct);
        return created.IsSuccess ? View(principal, created.Value) : created.Error;
    }

    /// <summary>The same device again (after a wrong code), only from a ticket issued to <paramref name="principal"/>.</summary>
    public async Task<Result<MfaEnrolView>> ResumeAsync(Principal principal, string? ticket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (SerialOf(principal, ticket) is not { } serial)
        {
            return Errors.Mfa.NotFound;
        }

        var device = await mfa.RevealUnboundAsync(principal.AccountId, serial, ct);
        return device.IsSuccess ? View(principal, device.Value) : device.Error;
    }

    /// <summary>The serial number a ticket names, when it was issued to <paramref name="principal"/>.</summary>
    public string? SerialOf(Principal principal, string? ticket)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            var text = _tickets.Unprotect(ticket);
            var separator = text.IndexOf('\n', StringComparison.Ordinal);
            return separator > 0 && text[..separator] == principal.PrincipalId ? text[(separator + 1)..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private MfaEnrolView View(Principal principal, CreatedMfaDevice device) =>
        new(device.Device.SerialNumber, device.Base32StringSeed, Convert.ToBase64String(device.QrCodePng), _tickets.Protect(principal.PrincipalId + "\n" + device.Device.SerialNumber));

    /// <summary>A device name from the identity's name ([A-Za-z0-9.-], at most 64) and a random suffix.</summary>
    private static string DeviceName(string baseName)
    {
        var cleaned = new string([.. baseName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-')]);
        if (cleaned.Length > 48)
        {
            cleaned = cleaned[..48];
        }

        return $"{cleaned}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }
}

/// <summary>What the enrolment form shows: the QR code, the seed for typing in, and the ticket it posts back.</summary>
public sealed record MfaEnrolView(string SerialNumber, string Base32StringSeed, string QrCodePngBase64, string Ticket);
