using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>RAM CreateLoginProfile: UserName and Password required, PasswordResetRequired and MFABindRequired (default false).</summary>
internal static class CreateLoginProfile
{
    public sealed record Response(LoginProfileView LoginProfile);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var flags = LoginProfileFlags.Read(context);
        if (!flags.IsSuccess)
        {
            return flags.Error;
        }

        var userName = context.Optional("UserName");
        var created = await context.Get<RamUserService>().CreateLoginProfileAsync(
            context.Audit, userName, context.Optional("Password"), flags.Value.PasswordResetRequired ?? false, flags.Value.MfaBindRequired ?? false, cancellationToken);
        return ApiResponse.From(created, profile => new Response(LoginProfileView.From(userName!, profile)));
    }
}
