using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>RAM ListAccessKeys: UserName optional. Never a secret.</summary>
internal static class ListAccessKeys
{
    public sealed record Response(KeyList AccessKeys);

    public sealed record KeyList(IReadOnlyList<KeyItem> AccessKey);

    public sealed record KeyItem(string AccessKeyId, string Status, DateTimeOffset CreateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var keys = await context.Get<AccessKeyService>().ListAsync(context.Caller, userName, cancellationToken);
        return ApiResponse.From(keys, list => new Response(new KeyList([.. list.Select(k => new KeyItem(k.AccessKeyId, k.Status.ToString(), k.CreateDate))])));
    }
}
