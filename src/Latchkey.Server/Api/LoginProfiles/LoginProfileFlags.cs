using Latchkey.Core.Results;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>The optional PasswordResetRequired and MFABindRequired parameters that CreateLoginProfile and UpdateLoginProfile both take; null when absent.</summary>
internal readonly record struct LoginProfileFlags(bool? PasswordResetRequired, bool? MfaBindRequired)
{
    /// <summary>Reads both flags, failing with the first that is not <c>true</c> or <c>false</c>.</summary>
    public static Result<LoginProfileFlags> Read(ActionContext context)
    {
        var resetRequired = context.OptionalBoolean("PasswordResetRequired");
        if (!resetRequired.IsSuccess)
        {
            return resetRequired.Error;
        }

        var mfaRequired = context.OptionalBoolean("MFABindRequired");
        if (!mfaRequired.IsSuccess)
        {
            return mfaRequired.Error;
        }

        return new LoginProfileFlags(resetRequired.Value, mfaRequired.Value);
    }
}
