using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>
/// RAM CreateAccessKey: UserName (optional; absent = the caller: the account's own key when the
/// account calls). The response is the only place the secret ever appears.
/// </summary>
internal static class CreateAccessKey
{
    public sealed record Response(CreatedKey AccessKey);

    public sealed record CreatedKey(string AccessKeyId, string AccessKeySecret, string Status, DateTimeOffset CreateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var created = await context.Get<AccessKeyService>().CreateAsync(context.Audit, userName, cancellationToken);
        return ApiResponse.From(created, ToResponse);
    }

    internal static Response ToResponse(CreatedAccessKey created) =>
        new(new CreatedKey(created.Key.AccessKeyId, created.Secret.Reveal(), created.Key.Status.ToString(), created.Key.CreateDate));
}
