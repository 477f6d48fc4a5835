using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Signing;

namespace Latchkey.Cli;

/// <summary>Signs calls with Latchkey.Signing, exactly as the official SDKs do, and sends them.</summary>
internal static class LatchkeyClient
{
    /// <summary>Throws HttpRequestException (or a timeout) when the service cannot be reached.</summary>
    public static async Task<ApiAnswer> SendAsync(ClientCredentials credentials, ApiCall call, CancellationToken cancellationToken)
    {
        var rpc = new RpcCall(call.Action, call.Version, call.Parameters);
        var endpoint = credentials.Endpoint;
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var now = TimeProvider.System.GetUtcNow();
        var method = (call.Method ?? (call.Signature == "v1" ? "GET" : "POST")).ToUpperInvariant();
        var nonce = RequestSigner.NewNonce() + RequestSigner.NewNonce();
        var signed = call.Signature == "v1"
            ? RequestSigner.SignV1(rpc, credentials.AccessKeyId, credentials.AccessKeySecret, method, method == "GET" ? V1Placement.Query : V1Placement.Form, RequestSigner.NewNonce(), now, credentials.SecurityToken)
            : call.Path == "/" && method is "GET" or "POST"
                ? RequestSigner.SignV3(rpc, credentials.AccessKeyId, credentials.AccessKeySecret, host, nonce, now, parametersInBody: false, securityToken: credentials.SecurityToken, method: method)
                : RequestSigner.SignV3Request(method, call.Path, call.Parameters, ReadOnlyMemory<byte>.Empty, null, call.Action, call.Version, credentials.AccessKeyId, credentials.AccessKeySecret, host, nonce, now);

        // V1 signs no path, so its RPC request is sent to the path asked for; V3 signed the path itself.
        var pathAndQuery = call.Signature == "v1" && call.Path != "/" ? call.Path.TrimEnd('/') + signed.PathAndQuery : signed.PathAndQuery;
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        using var message = new HttpRequestMessage(new HttpMethod(signed.Method), new Uri(endpoint, basePath + pathAndQuery));
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (signed.ContentType is not null)
        {
            message.Content = new ByteArrayContent(signed.Body.ToArray());
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(signed.ContentType);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.SendAsync(message, cancellationToken);
        var raw = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        return new ApiAnswer((int)response.StatusCode, body, raw);
    }
}
