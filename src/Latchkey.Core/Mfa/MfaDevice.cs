using Latchkey.Core.Secrets;

namespace Latchkey.Core.Mfa;

/// <summary>
/// A virtual MFA device of an account: its serial number <c>acs:ram::&lt;AccountId&gt;:mfa/&lt;name&gt;</c>,
/// its TOTP seed encrypted at rest, and the identity it is bound to (a RAM user's UserId, or the
/// AccountId for the account itself; null while unbound). <see cref="LastStep"/> is the newest TOTP
/// step accepted, so no code is accepted twice.
/// </summary>
public sealed record MfaDevice(
    string AccountId,
    string SerialNumber,
    string DeviceName,
    ProtectedSecret Seed,
    string? PrincipalId,
    DateTimeOffset? ActivateDate,
    long LastStep,
    DateTimeOffset CreateDate)
{
    public bool IsBound => PrincipalId is not null;
}
