using Latchkey.Core.Logons;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Console;

/// <summary>
/// Checks a session cookie against the store on each request: a deleted account, a deleted RAM user,
/// a RAM user whose console logon was disabled, or an identity whose password changed since the
/// session began (its session stamp, see Core's LogonService) loses the session at once, not when
/// the cookie expires; so does a session past its end (the security preference's LoginSessionDuration).
/// </summary>
internal static class ConsoleSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal is null ? null : ConsoleClaims.PrincipalOf(context.Principal);
        var logons = context.HttpContext.RequestServices.GetRequiredService<LogonService>();
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var valid = principal is not null
            && (ConsoleClaims.SessionEndOf(context.Principal!) is not { } end || now < end)
            && await logons.IsSessionCurrentAsync(principal, ConsoleClaims.SessionStampOf(context.Principal!), context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleClaims.Scheme);
        }
    }
}
