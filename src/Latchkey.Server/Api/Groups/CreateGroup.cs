using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM CreateGroup: GroupName (required), Comments.</summary>
internal static class CreateGroup
{
    public sealed record Response(Created Group);

    public sealed record Created(string GroupId, string GroupName, string Comments, DateTimeOffset CreateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var created = await context.Get<GroupService>().CreateAsync(context.Audit, context.Optional("GroupName"), context.Optional("Comments"), cancellationToken);
        return ApiResponse.From(created, g => new Response(new Created(g.GroupId, g.GroupName, g.Comments, g.CreateDate)));
    }
}
