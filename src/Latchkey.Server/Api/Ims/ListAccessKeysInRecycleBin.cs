using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS ListAccessKeysInRecycleBin: UserId optional (absent = the caller). Never a secret.</summary>
internal static class ListAccessKeysInRecycleBin
{
    public sealed record Response(KeyList AccessKeys);

    public sealed record KeyList(IReadOnlyList<KeyItem> AccessKey);

    public sealed record KeyItem(string AccessKeyId, DateTimeOffset CreateDate, DateTimeOffset? RecycleDate, DateTimeOffset? DeleteDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var keys = await context.Get<AccessKeyRecycleBin>().ListAsync(context.Caller, context.Optional("UserId"), cancellationToken);
        return ApiResponse.From(keys, list => new Response(new KeyList(
            [.. list.Select(k => new KeyItem(k.AccessKeyId, k.CreateDate, k.RecycleDate, k.PurgeDate))])));
    }
}
