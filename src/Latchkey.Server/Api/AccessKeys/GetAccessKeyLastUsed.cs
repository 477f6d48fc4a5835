using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>RAM GetAccessKeyLastUsed: UserAccessKeyId required, UserName optional. LastUsedDate is omitted for a never-used key.</summary>
internal static class GetAccessKeyLastUsed
{
    public sealed record Response(LastUsed AccessKeyLastUsed);

    public sealed record LastUsed(DateTimeOffset? LastUsedDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var key = await context.Get<AccessKeyService>().GetAsync(context.Caller, userName, context.Optional("UserAccessKeyId"), cancellationToken);
        return ApiResponse.From(key, found => new Response(new LastUsed(found.LastUse?.Time)));
    }
}
