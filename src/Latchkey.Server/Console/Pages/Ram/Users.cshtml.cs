using Latchkey.Core.Accounts;
using Latchkey.Core.Authorization;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>The RAM console's Users page: every user of the account, searchable by logon or display name.</summary>
public sealed class UsersModel(RamUserService users, AccountService accounts, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<RamUser> Users { get; private set; } = [];

    public int Total { get; private set; }

    public Account? Account { get; private set; }

    public string PrincipalNameOf(RamUser user) => Account is null ? user.UserName : users.PrincipalNameOf(Account, user);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await MayAsync(ActionKind.Read, ct))
        {
            return NoPermission();
        }

        var all = new List<RamUser>();
        string? marker = null;
        do
        {
            var page = await users.ListAsync(Caller.AccountId, marker, 1000, ct);
            if (!page.IsSuccess)
            {
                return NotFound();
            }

            all.AddRange(page.Value.Items);
            marker = page.Value.IsTruncated ? page.Value.Marker : null;
        }
        while (marker is not null);

        Total = all.Count;
        var query = Query?.Trim();
        Users = string.IsNullOrEmpty(query)
            ? all
            : [.. all.Where(user => user.UserName.Contains(query, StringComparison.OrdinalIgnoreCase)
                                 || user.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase))];
        Account = await accounts.FindAsync(Caller.AccountId, ct);
        return Page();
    }
}
