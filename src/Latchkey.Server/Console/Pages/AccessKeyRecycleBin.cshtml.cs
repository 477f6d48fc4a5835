using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authorization;

namespace Latchkey.Server.Console.Pages;

/// <summary>The recycle bin of the caller's own AccessKeys (the account's, or the logged-on RAM user's).</summary>
public sealed class AccessKeyRecycleBinModel(AccessKeyRecycleBin bin, Authorizer authorizer) : RecycleBinPageModel(bin, authorizer)
{
    protected override string ResourceUserName => Caller.UserName ?? "";

    public override string PagePath => ConsolePaths.AccessKeyRecycleBin;

    protected override Task<(string? UserId, bool Found)> OwnerAsync(CancellationToken ct) => Task.FromResult<(string?, bool)>((null, true));
}
