namespace Latchkey.Core.Logons;

/// <summary>
/// The account's security preference: every field of IMS and RAM SetSecurityPreference with
/// Alibaba's defaults. <see cref="AllowUserToManageAccessKeys"/> is the account row's own flag (the
/// authorizer reads it there); the rest is stored as one document.
/// </summary>
public sealed record SecurityPreference
{
    public const string Mandatory = "mandatory";
    public const string Independent = "independent";
    public const string Adaptive = "adaptive";

    public static readonly SecurityPreference Default = new();

    public bool AllowUserToChangePassword { get; init; } = true;

    public bool AllowUserToManageAccessKeys { get; init; }

    public bool AllowUserToManageMFADevices { get; init; } = true;

    public bool AllowUserToManagePublicKeys { get; init; }

    public bool AllowUserToLoginWithPasskey { get; init; } = true;

    public bool AllowUserToManagePersonalDingTalk { get; init; } = true;

    public bool AllowUserToManageServiceCredentials { get; init; }

    /// <summary>Stored and returned; Latchkey asks for the MFA code at every logon (no 7-day ticket).</summary>
    public bool EnableSaveMFATicket { get; init; }

    /// <summary>Hours a console session lasts, 1-24, whatever its activity.</summary>
    public int LoginSessionDuration { get; init; } = 6;

    /// <summary>';'-separated CIDR networks console logons may come from; empty = anywhere. Never applies to AccessKey calls.</summary>
    public string LoginNetworkMasks { get; init; } = "";

    /// <summary><see cref="Mandatory"/>: every RAM user needs MFA at logon (binding a device first); <see cref="Independent"/> and <see cref="Adaptive"/>: per login profile.</summary>
    public string MFAOperationForLogin { get; init; } = Independent;

    public string OperationForRiskLogin { get; init; } = "autonomous";

    public IReadOnlyList<string> VerificationTypes { get; init; } = [];

    /// <summary>Stored and returned; the job that disables idle keys is a later issue.</summary>
    public int MaxIdleDaysForAccessKeys { get; init; } = 730;

    /// <summary>Stored and returned; the job that disables idle console logons is a later issue.</summary>
    public int MaxIdleDaysForUsers { get; init; } = 730;

    /// <summary>Whether the IMS legacy EnforceMFAForLogin reads true.</summary>
    public bool EnforceMFAForLogin => string.Equals(MFAOperationForLogin, Mandatory, StringComparison.Ordinal);
}
