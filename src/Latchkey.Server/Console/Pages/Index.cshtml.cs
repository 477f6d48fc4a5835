using Latchkey.Core.Accounts;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages;

/// <summary>The console's home: who is logged on and where to go next.</summary>
public sealed class IndexModel(AccountService accounts, RamUserService users) : ConsolePageModel
{
    public Account? Account { get; private set; }

    public string? PrincipalName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Account = await accounts.FindAsync(Caller.AccountId, ct);
        if (Account is not null && !Caller.IsAccount)
        {
            var user = await users.GetByIdAsync(Caller.AccountId, Caller.UserId!, ct);
            PrincipalName = user.IsSuccess ? users.PrincipalNameOf(Account, user.Value) : null;
        }

        return Page();
    }
}
