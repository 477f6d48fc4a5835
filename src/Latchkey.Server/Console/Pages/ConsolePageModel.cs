using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Server.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Latchkey.Server.Console.Pages;

/// <summary>What every signed-in console page needs: who is acting, and the audit context of a change.</summary>
public abstract class ConsolePageModel : PageModel
{
    /// <summary>The session's principal; the authorization convention guarantees there is one.</summary>
    public Principal Caller => ConsoleClaims.PrincipalOf(User) ?? throw new InvalidOperationException("No console session.");

    public string SessionLogonName => ConsoleClaims.LogonNameOf(User);

    protected AuditContext Audit() =>
        new(Caller, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", RequestIds.For(HttpContext));
}
