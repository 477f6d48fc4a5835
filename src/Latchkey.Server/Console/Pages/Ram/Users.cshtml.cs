using Latchkey.Core.Accounts;
using Latchkey.Core.Authorization;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// The RAM console's Users page: every user of the account, searchable by logon or display name,
/// and Delete (confirmed in a dialog). A user with AccessKeys, a console logon or policies is not
/// deleted: the page shows Alibaba's reason and what to do first.
/// </summary>
public sealed class UsersModel(RamUserService users, AccountService accounts, Authorizer authorizer) : RamPageModel(authorizer)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<RamUser> Users { get; private set; } = [];

    public int Total { get; private set; }

    public Account? Account { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The user the <see cref="Error"/> is about, linked from the message.</summary>
    public string? ErrorUserName { get; private set; }

    public string? Success { get; private set; }

    public string PrincipalNameOf(RamUser user) => Account is null ? user.UserName : users.PrincipalNameOf(Account, user);

    /// <summary>What the console says when a delete is refused: Alibaba's code and message, then what to do.</summary>
    public static string DeleteRefusal(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var todo = error.Code switch
        {
            "DeleteConflict.User.AccessKey" =>
                "Open the user, delete its AccessKey pairs in User AccessKeys on the Authentication tab, then delete the user.",
            "DeleteConflict.User.LoginProfile" =>
                "Open the user and choose Disable Console Logon on the Authentication tab, then delete the user.",
            "DeleteConflict.User.Policy" =>
                "Detach the user's policies first (DetachPolicyFromUser), then delete the user.",
            _ => null,
        };
        return todo is null ? $"{error.Message} ({error.Code})" : $"{error.Message} ({error.Code}) {todo}";
    }

    public async Task<IActionResult> OnGetAsync(string? deleted, CancellationToken ct)
    {
        if (!await MayAsync("ram:ListUsers", null, ct))
        {
            return NoPermission();
        }

        if (!string.IsNullOrEmpty(deleted))
        {
            Success = $"The user {deleted} is deleted.";
        }

        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? userName, CancellationToken ct)
    {
        if (!await MayAsync("ram:DeleteUser", userName, ct))
        {
            return NoPermission();
        }

        var result = await users.DeleteAsync(Audit(), userName, ct);
        if (result.IsSuccess)
        {
            return LocalRedirect($"{ConsolePaths.Users}?deleted={Uri.EscapeDataString(userName ?? "")}");
        }

        Error = DeleteRefusal(result.Error);
        ErrorUserName = result.Error.Code.StartsWith("DeleteConflict.", StringComparison.Ordinal) ? userName : null;
        Response.StatusCode = result.Error.HttpStatus;
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
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
