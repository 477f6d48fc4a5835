using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM RemoveUserFromGroup: GroupName, UserName (required).</summary>
internal static class RemoveUserFromGroup
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().RemoveUserAsync(context.Audit, context.Optional("GroupName"), context.Optional("UserName"), cancellationToken));
}
