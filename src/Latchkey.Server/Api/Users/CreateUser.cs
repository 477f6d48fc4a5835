using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Users;

/// <summary>RAM CreateUser: UserName (required), DisplayName, MobilePhone, Email, Comments.</summary>
internal static class CreateUser
{
    public sealed record Response(UserView User);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var input = new CreateUserInput(
            context.Optional("UserName"),
            context.Optional("DisplayName"),
            context.Optional("Comments"),
            context.Optional("Email"),
            context.Optional("MobilePhone"));
        var created = await context.Get<RamUserService>().CreateAsync(context.Audit, input, cancellationToken);
        return ApiResponse.From(created, user => new Response(UserView.From(user)));
    }
}
