namespace Latchkey.Core.Logons;

/// <summary>The fields a SetSecurityPreference call sent; null = not sent, the stored value stays.</summary>
public sealed record SecurityPreferenceUpdate
{
    public bool? AllowUserToChangePassword { get; init; }

    public bool? AllowUserToManageAccessKeys { get; init; }

    public bool? AllowUserToManageMFADevices { get; init; }

    public bool? AllowUserToManagePublicKeys { get; init; }

    public bool? AllowUserToLoginWithPasskey { get; init; }

    public bool? AllowUserToManagePersonalDingTalk { get; init; }

    public bool? AllowUserToManageServiceCredentials { get; init; }

    public bool? EnableSaveMFATicket { get; init; }

    public int? LoginSessionDuration { get; init; }

    public string? LoginNetworkMasks { get; init; }

    public string? MFAOperationForLogin { get; init; }

    /// <summary>IMS's legacy switch: true = mandatory, false = independent (MFAOperationForLogin wins when both are sent).</summary>
    public bool? EnforceMFAForLogin { get; init; }

    public string? OperationForRiskLogin { get; init; }

    public IReadOnlyList<string>? VerificationTypes { get; init; }

    public int? MaxIdleDaysForAccessKeys { get; init; }

    public int? MaxIdleDaysForUsers { get; init; }
}
