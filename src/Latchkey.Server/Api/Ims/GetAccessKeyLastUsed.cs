using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS GetAccessKeyLastUsed: UserAccessKeyId required, UserPrincipalName optional.</summary>
internal static class GetAccessKeyLastUsed
{
    public sealed record Response(LastUsed AccessKeyLastUsed);

    public sealed record LastUsed(DateTimeOffset? LastUsedDate, string? ServiceName);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var key = await context.Get<AccessKeyService>().GetAsync(context.Caller, target.Value.UserName, context.Optional("UserAccessKeyId"), cancellationToken);
        return ApiResponse.From(key, found => new Response(new LastUsed(found.LastUse?.Time, found.LastUse?.ServiceName)));
    }
}
