using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Latchkey.Server.Console.Pages;

/// <summary>Ends the session (POST only, with the form token).</summary>
public sealed class LogOffModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(ConsolePaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleClaims.Scheme);
        return LocalRedirect(ConsolePaths.Logon);
    }
}
