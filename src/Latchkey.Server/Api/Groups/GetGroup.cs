using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM GetGroup: GroupName (required).</summary>
internal static class GetGroup
{
    public sealed record Response(GroupView Group);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().GetAsync(context.Caller.AccountId, context.Optional("GroupName"), cancellationToken), g => new Response(GroupView.From(g)));
}
