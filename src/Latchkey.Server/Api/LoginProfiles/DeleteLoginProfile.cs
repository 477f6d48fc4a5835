using Latchkey.Core.Users;

namespace Latchkey.Server.Api.LoginProfiles;

/// <summary>RAM DeleteLoginProfile: UserName required.</summary>
internal static class DeleteLoginProfile
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        return ApiResponse.From(await context.Get<RamUserService>().DeleteLoginProfileAsync(context.Audit, context.Optional("UserName"), cancellationToken));
    }
}
