using Latchkey.Core.Logons;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>
/// RAM and IMS ChangePassword: OldPassword and NewPassword required; a RAM user changes its own
/// console password when the security preference's AllowUserToChangePassword is on. The old
/// password is checked in the same lockout as console logons.
/// </summary>
internal static class ChangePassword
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Caller.IsAccount)
        {
            return Errors.Password.NotSupportAccount;
        }

        var oldPassword = context.Optional("OldPassword");
        var newPassword = context.Optional("NewPassword");
        if (oldPassword is null)
        {
            return Errors.Missing("OldPassword");
        }

        if (newPassword is null)
        {
            return Errors.Missing("NewPassword");
        }

        var preference = await context.Get<SecurityPreferenceService>().GetAsync(context.Caller.AccountId, cancellationToken);
        if (!preference.IsSuccess)
        {
            return preference.Error;
        }

        if (!preference.Value.AllowUserToChangePassword)
        {
            return Errors.Request.NoPermission.WithMessage("The security preference does not allow RAM users to change their own password (AllowUserToChangePassword).");
        }

        var verified = await context.Get<LogonService>().VerifyCurrentPasswordAsync(context.Caller, oldPassword, cancellationToken);
        if (!verified.IsSuccess)
        {
            return verified.Error.Code == Errors.Account.LogonLocked.Code ? Errors.Request.Throttling : verified.Error;
        }

        var changed = await context.Get<RamUserService>().ChangeOwnPasswordAsync(context.Audit, newPassword, cancellationToken);
        return changed.IsSuccess ? ApiResponse.Empty : changed.Error;
    }
}
