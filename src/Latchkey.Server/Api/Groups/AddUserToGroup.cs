using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM AddUserToGroup: GroupName, UserName (required).</summary>
internal static class AddUserToGroup
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().AddUserAsync(context.Audit, context.Optional("GroupName"), context.Optional("UserName"), cancellationToken));
}
