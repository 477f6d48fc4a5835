using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS ListAccessKeys: UserPrincipalName optional. Never a secret.</summary>
internal static class ListAccessKeys
{
    public sealed record Response(KeyList AccessKeys);

    public sealed record KeyList(IReadOnlyList<KeyItem> AccessKey);

    public sealed record KeyItem(string AccessKeyId, string Status, DateTimeOffset CreateDate, DateTimeOffset UpdateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var target = await ImsTarget.ResolveAsync(context, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var keys = await context.Get<AccessKeyService>().ListAsync(context.Caller, target.Value.UserName, cancellationToken);
        return ApiResponse.From(keys, list => new Response(new KeyList(
            [.. list.Select(k => new KeyItem(k.AccessKeyId, k.Status.ToString(), k.CreateDate, k.UpdateDate))])));
    }
}
