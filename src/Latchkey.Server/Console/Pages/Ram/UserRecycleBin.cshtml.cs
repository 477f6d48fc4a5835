using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authorization;
using Latchkey.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>The recycle bin of one RAM user's AccessKeys.</summary>
public sealed class UserRecycleBinModel(AccessKeyRecycleBin bin, RamUserService users, Authorizer authorizer) : RecycleBinPageModel(bin, authorizer)
{
    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    protected override string ResourceUserName => UserName;

    public override string PagePath => ConsolePaths.UserRecycleBin(UserName);

    protected override async Task<(string? UserId, bool Found)> OwnerAsync(CancellationToken ct)
    {
        var user = await users.GetAsync(Caller.AccountId, UserName, ct);
        return user.IsSuccess ? (user.Value.UserId, true) : (null, false);
    }
}
