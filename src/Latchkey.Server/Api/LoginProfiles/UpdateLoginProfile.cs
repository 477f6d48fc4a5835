using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>RAM UpdateLoginProfile: UserName required; Password, PasswordResetRequired, MFABindRequired optional.</summary>
internal static class UpdateLoginProfile
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var flags = LoginProfileFlags.Read(context);
        if (!flags.IsSuccess)
        {
            return flags.Error;
        }

        var updated = await context.Get<RamUserService>().UpdateLoginProfileAsync(
            context.Audit, context.Optional("UserName"), context.Optional("Password"), flags.Value.PasswordResetRequired, flags.Value.MfaBindRequired, cancellationToken);
        return updated.IsSuccess ? ApiResponse.Empty : updated.Error;
    }
}
