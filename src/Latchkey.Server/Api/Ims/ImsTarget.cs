using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Ims;

/// <summary>
/// Whose keys an IMS call names: UserPrincipalName absent = the caller itself; otherwise a RAM
/// user of the caller's own account (a principal name of another account is EntityNotExist.User).
/// </summary>
internal sealed record ImsTarget(string? UserName, bool IsCaller)
{
    public static async Task<Result<ImsTarget>> ResolveAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Optional("UserPrincipalName") is not { } principalName)
        {
            return new ImsTarget(null, true);
        }

        var found = await context.Get<RamUserService>().FindByPrincipalNameAsync(principalName, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var user = found.Value.User;
        if (user.AccountId != context.Caller.AccountId)
        {
            return Errors.User.NotFound;
        }

        return new ImsTarget(user.UserName, user.UserId == context.Caller.UserId);
    }
}
