using System.Globalization;
using System.Security.Claims;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;

namespace Latchkey.Server.Console;

/// <summary>
/// A console logon whose password was right but which still has <see cref="Steps"/> to take (an
/// MFA code, binding a device, a new password). It lives only in the short-lived, path-limited
/// pending cookie; no console page but the step pages accepts it, so nothing is reachable before
/// every step is done.
/// </summary>
public sealed record PendingLogon(Principal Principal, string LogonName, string SessionStamp, LogonSteps Steps, bool MfaPassed, string? ReturnUrl, string? EnrolSerial)
{
    private const string StepsClaim = "latchkey:logon_steps";
    private const string MfaPassedClaim = "latchkey:logon_mfa";
    private const string ReturnUrlClaim = "latchkey:logon_return";
    private const string EnrolSerialClaim = "latchkey:logon_enrol";

    /// <summary>The page of the first step left.</summary>
    public string NextPath =>
        Steps.HasFlag(LogonSteps.MfaCode) ? ConsolePaths.LogonMfa
        : Steps.HasFlag(LogonSteps.BindMfa) ? ConsolePaths.LogonBindMfa
        : ConsolePaths.LogonPassword;

    public ClaimsPrincipal ToClaimsPrincipal()
    {
        var session = ConsoleClaims.Create(Principal, LogonName, SessionStamp);
        var identity = (ClaimsIdentity)session.Identity!;
        identity.AddClaim(new Claim(StepsClaim, ((int)Steps).ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(MfaPassedClaim, MfaPassed ? "true" : "false"));
        if (ReturnUrl is { Length: > 0 })
        {
            identity.AddClaim(new Claim(ReturnUrlClaim, ReturnUrl));
        }

        if (EnrolSerial is { Length: > 0 })
        {
            identity.AddClaim(new Claim(EnrolSerialClaim, EnrolSerial));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, ConsoleClaims.PendingScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static PendingLogon? From(ClaimsPrincipal? user)
    {
        if (user is null || ConsoleClaims.PrincipalOf(user) is not { } principal
            || ConsoleClaims.SessionStampOf(user) is not { Length: > 0 } stamp
            || !int.TryParse(user.FindFirstValue(StepsClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var steps))
        {
            return null;
        }

        return new PendingLogon(
            principal,
            ConsoleClaims.LogonNameOf(user),
            stamp,
            (LogonSteps)steps,
            string.Equals(user.FindFirstValue(MfaPassedClaim), "true", StringComparison.Ordinal),
            user.FindFirstValue(ReturnUrlClaim),
            user.FindFirstValue(EnrolSerialClaim));
    }
}
