using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>RAM GetLoginProfile: UserName required.</summary>
internal static class GetLoginProfile
{
    public sealed record Response(LoginProfileView LoginProfile);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var profile = await context.Get<RamUserService>().GetLoginProfileAsync(context.Caller.AccountId, userName, cancellationToken);
        return ApiResponse.From(profile, found => new Response(LoginProfileView.From(userName!, found)));
    }
}
