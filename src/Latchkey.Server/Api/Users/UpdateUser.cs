using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM UpdateUser: UserName (required), NewUserName, NewDisplayName, NewMobilePhone, NewEmail, NewComments.</summary>
internal static class UpdateUser
{
    public sealed record Response(UserView User);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var input = new UpdateUserInput(
            context.Optional("NewUserName"),
            context.Optional("NewDisplayName"),
            context.Optional("NewComments"),
            context.Optional("NewEmail"),
            context.Optional("NewMobilePhone"));
        var updated = await context.Get<RamUserService>().UpdateAsync(context.Audit, context.Optional("UserName"), input, cancellationToken);
        return ApiResponse.From(updated, user => new Response(UserView.From(user)));
    }
}
