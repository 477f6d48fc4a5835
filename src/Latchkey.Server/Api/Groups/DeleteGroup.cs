using Latchkey.Core.Groups;

namespace Latchkey.Server.Api.Groups;

/// <summary>RAM DeleteGroup: GroupName (required); refused while it has members or policies.</summary>
internal static class DeleteGroup
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<GroupService>().DeleteAsync(context.Audit, context.Optional("GroupName"), cancellationToken));
}
