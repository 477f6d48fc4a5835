using System.Net.Http.Headers;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>Signs calls with Latchkey.Signing's RequestSigner and sends them through the test server.</summary>
public sealed class ApiClient(HttpClient http)
{
    public const string Ram = "2015-05-01";
    public const string Ims = "2019-08-15";
    public const string Sts = "2015-04-01";

    public HttpClient Http { get; } = http;

    public static SignedHttpRequest SignV1(TestAccount key, string action, string version, IEnumerable<KeyValuePair<string, string>>? parameters = null, string method = "GET", DateTimeOffset? timestamp = null, string? nonce = null, string? secret = null) =>
        RequestSigner.SignV1(
            new RpcCall(action, version, [.. parameters ?? []]),
            key.AccessKeyId,
            secret ?? key.AccessKeySecret,
            method,
            method == "GET" ? V1Placement.Query : V1Placement.Form,
            nonce ?? RequestSigner.NewNonce(),
            timestamp ?? TimeProvider.System.GetUtcNow());

    public static SignedHttpRequest SignV3(TestAccount key, string action, string version, IEnumerable<KeyValuePair<string, string>>? parameters = null, DateTimeOffset? timestamp = null) =>
        RequestSigner.SignV3(new RpcCall(action, version, [.. parameters ?? []]), key.AccessKeyId, key.AccessKeySecret, "localhost", RequestSigner.NewNonce(), timestamp ?? TimeProvider.System.GetUtcNow());

    public Task<HttpResponseMessage> SendAsync(SignedHttpRequest call, string? methodOverride = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = new HttpRequestMessage(new HttpMethod(methodOverride ?? call.Method), call.PathAndQuery);
        foreach (var header in call.Headers)
        {
            if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (!call.Body.IsEmpty || call.ContentType is not null)
        {
            request.Content = new ByteArrayContent(call.Body.ToArray());
            if (call.ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType);
            }
        }

        return Http.SendAsync(request);
    }

    public async Task<ApiAnswer> CallAsync(TestAccount key, string action, string version = Ram, params (string Name, string Value)[] parameters)
    {
        var signed = SignV1(key, action, version, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)));
        return await ApiAnswer.ReadAsync(await SendAsync(signed));
    }
}
