using Latchkey.Core.AccessKeys;

namespace Latchkey.Server.Api.AccessKeys;

/// <summary>RAM ListAccessKeys: UserName optional. Never a secret.</summary>
internal static class ListAccessKeys
{
    public sealed record Response(KeyList AccessKeys) : IJsonMembers
    {
        public void WriteMembers(System.Text.Json.Utf8JsonWriter json)
        {
            ArgumentNullException.ThrowIfNull(json);
            json.WriteStartObject(Names.AccessKeys);
            json.WriteStartArray(Names.AccessKey);
            foreach (var key in AccessKeys.AccessKey)
            {
                json.WriteStartObject();
                json.WriteString(Names.AccessKeyId, key.AccessKeyId);
                json.WriteString(Names.Status, key.Status);
                json.WritePropertyName(Names.CreateDate);
                ApiDateConverter.WriteValue(json, key.CreateDate);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    public sealed record KeyList(IReadOnlyList<KeyItem> AccessKey);

    public sealed record KeyItem(string AccessKeyId, string Status, DateTimeOffset CreateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var userName = context.Optional("UserName");
        var keys = await context.Get<AccessKeyService>().ListAsync(context.Caller, userName, cancellationToken);
        return ApiResponse.From(keys, list => new Response(new KeyList([.. list.Select(k => new KeyItem(k.AccessKeyId, k.Status.ToString(), k.CreateDate))])));
    }

    /// <summary>The member names, encoded once.</summary>
    private static class Names
    {
        public static readonly System.Text.Json.JsonEncodedText AccessKeys = System.Text.Json.JsonEncodedText.Encode(nameof(Response.AccessKeys));
        public static readonly System.Text.Json.JsonEncodedText AccessKey = System.Text.Json.JsonEncodedText.Encode(nameof(KeyList.AccessKey));
        public static readonly System.Text.Json.JsonEncodedText AccessKeyId = System.Text.Json.JsonEncodedText.Encode(nameof(KeyItem.AccessKeyId));
        public static readonly System.Text.Json.JsonEncodedText Status = System.Text.Json.JsonEncodedText.Encode(nameof(KeyItem.Status));
        public static readonly System.Text.Json.JsonEncodedText CreateDate = System.Text.Json.JsonEncodedText.Encode(nameof(KeyItem.CreateDate));
    }
}
