using Latchkey.Core.Logons;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Console;

/// <summary>
/// Moves a logon from a right password to a session: while steps are left it keeps them in the
/// pending cookie and sends the browser to the next step's page; when none is left it ends the
/// pending cookie and starts the console session.
/// </summary>
public sealed class ConsoleLogonFlow(LogonService logons, TimeProvider time)
{
    /// <summary>Where the browser goes next after <paramref name="pending"/> changed (a step done, or the password just checked).</summary>
    public async Task<string> ContinueAsync(HttpContext http, PendingLogon pending, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Steps != LogonSteps.None)
        {
            await http.SignInAsync(ConsoleClaims.PendingScheme, pending.ToClaimsPrincipal());
            return pending.NextPath;
        }

        await http.SignOutAsync(ConsoleClaims.PendingScheme);

        // The security preference's LoginSessionDuration ends the session whatever its activity;
        // ConsoleSessionValidator enforces the claim, the cookie's own expiry follows it.
        var end = time.GetUtcNow() + await logons.SessionDurationAsync(pending.Principal, ct);
        var session = ConsoleClaims.Create(pending.Principal, pending.LogonName, pending.SessionStamp, pending.MfaPassed, end);
        await http.SignInAsync(ConsoleClaims.Scheme, session, new AuthenticationProperties { ExpiresUtc = end, AllowRefresh = false });
        return pending.ReturnUrl is { Length: > 0 } url ? url : ConsolePaths.Home;
    }

    /// <summary>The pending logon of this browser, when its cookie is valid and its password has not changed since.</summary>
    public async Task<PendingLogon?> FindAsync(HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(ConsoleClaims.PendingScheme);
        var pending = result.Succeeded ? PendingLogon.From(result.Principal) : null;
        return pending is not null && await logons.IsSessionCurrentAsync(pending.Principal, pending.SessionStamp, ct) ? pending : null;
    }
}
