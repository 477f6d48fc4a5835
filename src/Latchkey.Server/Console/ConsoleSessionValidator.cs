using Latchkey.Core.Accounts;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Console;

/// <summary>
/// Checks a session cookie against the store on each request: a deleted account, a deleted RAM user
/// or a RAM user whose console logon was disabled loses its session at once, not when the cookie expires.
/// </summary>
internal static class ConsoleSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal is null ? null : ConsoleClaims.PrincipalOf(context.Principal);
        var services = context.HttpContext.RequestServices;
        var ct = context.HttpContext.RequestAborted;
        bool valid;
        if (principal is null)
        {
            valid = false;
        }
        else if (principal.IsAccount)
        {
            valid = await services.GetRequiredService<AccountService>().FindAsync(principal.AccountId, ct) is not null;
        }
        else
        {
            var users = services.GetRequiredService<RamUserService>();
            var user = await users.GetByIdAsync(principal.AccountId, principal.UserId!, ct);
            valid = user.IsSuccess && (await users.GetLoginProfileAsync(principal.AccountId, user.Value.UserName, ct)).IsSuccess;
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleClaims.Scheme);
        }
    }
}
