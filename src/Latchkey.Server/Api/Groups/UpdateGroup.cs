using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM UpdateGroup: GroupName (required), NewGroupName, NewComments; neither New* is a no-op.</summary>
internal static class UpdateGroup
{
    public sealed record Response(GroupView Group);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var updated = await context.Get<GroupService>().UpdateAsync(
            context.Audit, context.Optional("GroupName"), context.Optional("NewGroupName"), context.Optional("NewComments"), cancellationToken);
        return ApiResponse.From(updated, g => new Response(GroupView.From(g)));
    }
}
