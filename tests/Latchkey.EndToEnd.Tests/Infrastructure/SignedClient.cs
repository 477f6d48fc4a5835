using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Signing;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>Signed V1 calls with Latchkey.Signing, for tests that drive a server process directly.</summary>
public sealed class SignedClient(HttpClient http)
{
    public const string Ram = "2015-05-01";
    public const string Sts = "2015-04-01";

    public HttpClient Http { get; } = http;

    /// <summary>Status and parsed body (null when the body is not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement? Body)> CallAsync(TestKey key, string action, string version, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(key);
        var call = RequestSigner.SignV1(
            new RpcCall(action, version, [.. parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]),
            key.AccessKeyId,
            key.AccessKeySecret,
            "POST",
            V1Placement.Form,
            RequestSigner.NewNonce(),
            TimeProvider.System.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, call.PathAndQuery);
        foreach (var header in call.Headers)
        {
            if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        request.Content = new ByteArrayContent(call.Body.ToArray());
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType!);
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            return (response.StatusCode, json.RootElement.Clone());
        }
        catch (JsonException)
        {
            return (response.StatusCode, null);
        }
    }

    public static string? CodeOf(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("Code", out var code) ? code.GetString() : null;
}
