using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>RAM's LoginProfile object; never the password.</summary>
internal sealed record LoginProfileView(string UserName, bool PasswordResetRequired, bool MFABindRequired, DateTimeOffset CreateDate)
{
    public static LoginProfileView From(string userName, LoginProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new(userName, profile.PasswordResetRequired, profile.MfaBindRequired, profile.CreateDate);
    }
}
