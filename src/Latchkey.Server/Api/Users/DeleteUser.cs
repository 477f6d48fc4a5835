using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM DeleteUser: UserName (required); refused while keys, a login profile or policies hang on the user.</summary>
internal static class DeleteUser
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        return ApiResponse.From(await context.Get<RamUserService>().DeleteAsync(context.Audit, context.Optional("UserName"), cancellationToken));
    }
}
