using System.Security.Claims;
using Latchkey.Core.Principals;

namespace Latchkey.Server.Console;

/// <summary>What a console session cookie carries: ids and names, never a password or a secret.</summary>
internal static class ConsoleClaims
{
    public const string Scheme = "LatchkeyConsole";

    /// <summary>The short-lived cookie of a logon whose password was right but that still has steps to take (see PendingLogon).</summary>
    public const string PendingScheme = "LatchkeyConsoleLogon";
    public const string AccountId = "latchkey:account_id";
    public const string UserId = "latchkey:user_id";
    public const string UserName = "latchkey:user_name";
    public const string LogonName = "latchkey:logon_name";

    /// <summary>Derived from the password hash by Core: a password change ends every session holding the old one.</summary>
    public const string SessionStamp = "latchkey:session_stamp";

    /// <summary>"true" when the session's logon passed an MFA code; the policy engine reads it as acs:MFAPresent.</summary>
    public const string MfaPresent = "latchkey:mfa_present";

    /// <summary>When the session ends whatever its activity (UTC, round-trip format): the security preference's LoginSessionDuration.</summary>
    public const string SessionEnd = "latchkey:session_end";

    public static ClaimsPrincipal Create(Principal principal, string logonName, string sessionStamp, bool mfaPresent = false, DateTimeOffset? sessionEnd = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = new List<Claim>
        {
            new(AccountId, principal.AccountId), new(LogonName, logonName), new(ClaimTypes.Name, logonName), new(SessionStamp, sessionStamp),
            new(MfaPresent, mfaPresent ? "true" : "false"),
        };
        if (sessionEnd is { } end)
        {
            claims.Add(new Claim(SessionEnd, end.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (!principal.IsAccount)
        {
            claims.Add(new Claim(UserId, principal.UserId!));
            claims.Add(new Claim(UserName, principal.UserName ?? ""));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The session's principal, or null when the cookie is absent or incomplete.</summary>
    public static Principal? PrincipalOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var accountId = user.FindFirstValue(AccountId);
        if (string.IsNullOrEmpty(accountId))
        {
            return null;
        }

        var userId = user.FindFirstValue(UserId);
        return string.IsNullOrEmpty(userId)
            ? new Principal(accountId, null, null, null)
            : new Principal(accountId, userId, user.FindFirstValue(UserName), null);
    }

    public static string LogonNameOf(ClaimsPrincipal user) => user?.FindFirstValue(LogonName) ?? "";

    public static string? SessionStampOf(ClaimsPrincipal user) => user?.FindFirstValue(SessionStamp);

    /// <summary>Whether the session's logon passed MFA (the acs:MFAPresent condition key).</summary>
    public static bool MfaPresentOf(ClaimsPrincipal user) => string.Equals(user?.FindFirstValue(MfaPresent), "true", StringComparison.Ordinal);

    public static DateTimeOffset? SessionEndOf(ClaimsPrincipal user) =>
        DateTimeOffset.TryParse(user?.FindFirstValue(SessionEnd), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var end) ? end : null;
}
