using Latchkey.Core.Logons;

namespace Latchkey.Server.Api.Accounts;

/// <summary>{"SecurityPreference":{...}} as RAM shapes it (four groups) and as IMS does (six groups, plus the legacy EnforceMFAForLogin).</summary>
internal static class SecurityPreferenceView
{
    public sealed record RamResponse(RamPreference SecurityPreference);

    public sealed record RamPreference(KeyPreference AccessKeyPreference, RamLoginPreference LoginProfilePreference, MfaPreference MFAPreference, PublicKeyPreference PublicKeyPreference);

    public sealed record KeyPreference(bool AllowUserToManageAccessKeys);

    public sealed record RamLoginPreference(bool AllowUserToChangePassword, bool EnableSaveMFATicket, string LoginNetworkMasks, int LoginSessionDuration);

    public sealed record MfaPreference(bool AllowUserToManageMFADevices);

    public sealed record PublicKeyPreference(bool AllowUserToManagePublicKeys);

    public sealed record ImsResponse(ImsPreference SecurityPreference);

    public sealed record ImsPreference(
        ImsKeyPreference AccessKeyPreference,
        ImsLoginPreference LoginProfilePreference,
        MfaPreference MFAPreference,
        IdleDays MaxIdleDays,
        PersonalInfo PersonalInfoPreference,
        Verification VerificationPreference);

    public sealed record ImsKeyPreference(bool AllowUserToManageAccessKeys, bool AllowUserToManageServiceCredentials);

    public sealed record ImsLoginPreference(
        bool AllowUserToChangePassword,
        bool AllowUserToLoginWithPasskey,
        bool EnableSaveMFATicket,
        string LoginNetworkMasks,
        int LoginSessionDuration,
        string MFAOperationForLogin,
        string OperationForRiskLogin,
        bool EnforceMFAForLogin);

    public sealed record IdleDays(int MaxIdleDaysForAccessKeys, int MaxIdleDaysForUsers);

    public sealed record PersonalInfo(bool AllowUserToManagePersonalDingTalk);

    public sealed record Verification(IReadOnlyList<string> VerificationTypes);

    public static object For(bool ims, SecurityPreference p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return ims
            ? new ImsResponse(new ImsPreference(
                new ImsKeyPreference(p.AllowUserToManageAccessKeys, p.AllowUserToManageServiceCredentials),
                new ImsLoginPreference(p.AllowUserToChangePassword, p.AllowUserToLoginWithPasskey, p.EnableSaveMFATicket, p.LoginNetworkMasks, p.LoginSessionDuration, p.MFAOperationForLogin, p.OperationForRiskLogin, p.EnforceMFAForLogin),
                new MfaPreference(p.AllowUserToManageMFADevices),
                new IdleDays(p.MaxIdleDaysForAccessKeys, p.MaxIdleDaysForUsers),
                new PersonalInfo(p.AllowUserToManagePersonalDingTalk),
                new Verification(p.VerificationTypes)))
            : new RamResponse(new RamPreference(
                new KeyPreference(p.AllowUserToManageAccessKeys),
                new RamLoginPreference(p.AllowUserToChangePassword, p.EnableSaveMFATicket, p.LoginNetworkMasks, p.LoginSessionDuration),
                new MfaPreference(p.AllowUserToManageMFADevices),
                new PublicKeyPreference(p.AllowUserToManagePublicKeys)));
    }
}
