using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Mfa;

/// <summary>
/// Whose MFA device a call names: RAM's UserName or IMS's UserPrincipalName, a RAM user of the
/// caller's account. The RPC endpoint has authorized the action on that user already.
/// </summary>
internal static class MfaTarget
{
    /// <summary>RAM: UserName required.</summary>
    public static async Task<Result<Principal>> FromUserNameAsync(ActionContext context, CancellationToken ct)
    {
        if (context.Optional("UserName") is not { } userName)
        {
            return Errors.Missing("UserName");
        }

        return Of(await context.Get<RamUserService>().GetAsync(context.Caller.AccountId, userName, ct));
    }

    /// <summary>IMS: UserPrincipalName, required unless <paramref name="callerWhenAbsent"/> (then a RAM user caller means itself).</summary>
    public static async Task<Result<Principal>> FromPrincipalNameAsync(ActionContext context, bool callerWhenAbsent, CancellationToken ct)
    {
        if (context.Optional("UserPrincipalName") is not { } principalName)
        {
            return callerWhenAbsent && !context.Caller.IsAccount
                ? Of(await context.Get<RamUserService>().GetByIdAsync(context.Caller.AccountId, context.Caller.UserId!, ct))
                : Errors.Missing("UserPrincipalName");
        }

        var found = await context.Get<RamUserService>().FindByPrincipalNameAsync(principalName, ct);
        return found.IsSuccess && found.Value.User.AccountId == context.Caller.AccountId ? Of(found.Value.User)
            : found.IsSuccess ? Errors.User.NotFound : found.Error;
    }

    private static Result<Principal> Of(Result<RamUser> user) =>
        user.IsSuccess ? new Principal(user.Value.AccountId, user.Value.UserId, user.Value.UserName, null) : user.Error;
}
