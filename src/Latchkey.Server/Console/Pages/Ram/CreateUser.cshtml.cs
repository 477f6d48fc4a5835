using Latchkey.Core;
using Latchkey.Core.Accounts;
using Latchkey.Core.Authorization;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>Create User: logon name, display name and an optional console password (a login profile).</summary>
public sealed class CreateUserModel(RamUserService users, AccountService accounts, Authorizer authorizer, IOptions<IdentityOptions> options)
    : RamPageModel(authorizer)
{
    [BindProperty]
    public string? LogonName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? ConsolePassword { get; set; }

    public string? Error { get; private set; }

    public string DomainSuffix { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:CreateUser", null, ct))
        {
            return NoPermission();
        }

        await LoadSuffixAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await MayAsync("ram:CreateUser", null, ct))
        {
            return NoPermission();
        }

        await LoadSuffixAsync(ct);
        var password = ConsolePassword;
        ConsolePassword = null;
        var userName = LogonName?.Trim();
        var displayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim();
        var created = await users.CreateAsync(Audit(), new CreateUserInput(userName, displayName, null, null, null), ct);
        if (!created.IsSuccess)
        {
            Error = created.Error.Message;
            return Page();
        }

        if (!string.IsNullOrEmpty(password))
        {
            var profile = await users.CreateLoginProfileAsync(Audit(), created.Value.UserName, password, false, false, ct);
            if (!profile.IsSuccess)
            {
                // The user exists; say so and let the console password be set on its page.
                return LocalRedirect(ConsolePaths.User(created.Value.UserName) + "?notice=password-weak");
            }
        }

        return LocalRedirect(ConsolePaths.User(created.Value.UserName));
    }

    private async Task LoadSuffixAsync(CancellationToken ct)
    {
        var account = await accounts.FindAsync(Caller.AccountId, ct);
        DomainSuffix = "@" + (account?.PrincipalDomain ?? Caller.AccountId) + "." + options.Value.PrincipalNameSuffix;
    }
}
