using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Mfa;

/// <summary>
/// Whose MFA device a call names: RAM's UserName or IMS's UserPrincipalName, a RAM user of the
/// caller's account. A RAM user acting on itself needs no policy while the security preference's
/// AllowUserToManageMFADevices is on; everything else needs the caller's permission.
/// </summary>
internal static class MfaTarget
{
    /// <summary>RAM: UserName required.</summary>
    public static async Task<Result<Principal>> FromUserNameAsync(ActionContext context, ActionKind kind, CancellationToken ct)
    {
        var userName = context.Optional("UserName");
        if (userName is null)
        {
            return await context.AuthorizeAsync(kind, ct) is { } denied ? denied : Errors.Missing("UserName");
        }

        var user = await context.Get<RamUserService>().GetAsync(context.Caller.AccountId, userName, ct);
        return await AuthorizeAsync(context, kind, user, ct);
    }

    /// <summary>IMS: UserPrincipalName, required unless <paramref name="callerWhenAbsent"/> (then a RAM user caller means itself).</summary>
    public static async Task<Result<Principal>> FromPrincipalNameAsync(ActionContext context, ActionKind kind, bool callerWhenAbsent, CancellationToken ct)
    {
        var principalName = context.Optional("UserPrincipalName");
        if (principalName is null)
        {
            if (callerWhenAbsent && !context.Caller.IsAccount)
            {
                var self = await context.Get<RamUserService>().GetByIdAsync(context.Caller.AccountId, context.Caller.UserId!, ct);
                return await AuthorizeAsync(context, kind, self, ct);
            }

            return await context.AuthorizeAsync(kind, ct) is { } denied ? denied : Errors.Missing("UserPrincipalName");
        }

        var found = await context.Get<RamUserService>().FindByPrincipalNameAsync(principalName, ct);
        Result<RamUser> user = found.IsSuccess && found.Value.User.AccountId == context.Caller.AccountId ? found.Value.User
            : found.IsSuccess ? Errors.User.NotFound : found.Error;
        return await AuthorizeAsync(context, kind, user, ct);
    }

    /// <summary>Whether a RAM user caller may create a device for itself without a policy.</summary>
    public static async Task<bool> SelfManagedAsync(ActionContext context, CancellationToken ct)
    {
        if (context.Caller.IsAccount)
        {
            return false;
        }

        var preference = await context.Get<SecurityPreferenceService>().GetAsync(context.Caller.AccountId, ct);
        return preference.IsSuccess && preference.Value.AllowUserToManageMFADevices;
    }

    private static async Task<Result<Principal>> AuthorizeAsync(ActionContext context, ActionKind kind, Result<RamUser> user, CancellationToken ct)
    {
        var self = user.IsSuccess && user.Value.UserId == context.Caller.UserId;
        if (!(self && await SelfManagedAsync(context, ct)) && await context.AuthorizeAsync(kind, ct) is { } denied)
        {
            return denied;
        }

        return user.IsSuccess ? new Principal(user.Value.AccountId, user.Value.UserId, user.Value.UserName, null) : user.Error;
    }
}
