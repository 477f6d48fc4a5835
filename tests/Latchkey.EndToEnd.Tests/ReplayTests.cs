using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.EndToEnd.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.EndToEnd.Tests;

/// <summary>Requests crafted with Latchkey.Signing's RequestSigner and sent twice or late over real HTTP.</summary>
[Collection(SharedServer.Name)]
public sealed class ReplayTests(LatchkeyServer server) : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private SignedHttpRequest Sign(TestKey key, bool v3, DateTimeOffset timestamp, string method = "GET")
    {
        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        return v3
            ? RequestSigner.SignV3(call, key.AccessKeyId, key.AccessKeySecret, server.Endpoint, RequestSigner.NewNonce(), timestamp)
            : RequestSigner.SignV1(call, key.AccessKeyId, key.AccessKeySecret, method, method == "GET" ? V1Placement.Query : V1Placement.Form, RequestSigner.NewNonce(), timestamp);
    }

    private async Task<(HttpStatusCode Status, string? Code)> SendAsync(SignedHttpRequest call, string? method = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method ?? call.Method), $"http://{server.Endpoint}{call.PathAndQuery}");
        foreach (var header in call.Headers.Where(h => !h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (!call.Body.IsEmpty)
        {
            request.Content = new ByteArrayContent(call.Body.ToArray());
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType!);
        }

        using var response = await _http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.TryGetProperty("Code", out var code) ? code.GetString() : null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SameRequestTwice_SecondIsSignatureNonceUsed(bool v3)
    {
        var key = await server.CreateAccountAsync();
        var signed = Sign(key, v3, TimeProvider.System.GetUtcNow());

        var first = await SendAsync(signed);
        var replay = await SendAsync(signed);

        Assert.Equal((HttpStatusCode.OK, (string?)null), first);
        Assert.Equal((HttpStatusCode.BadRequest, "SignatureNonceUsed"), replay);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StaleTimestamp_IsExpired(bool v3)
    {
        var key = await server.CreateAccountAsync();

        var stale = await SendAsync(Sign(key, v3, TimeProvider.System.GetUtcNow().AddMinutes(-16)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired"), stale);
    }

    [Fact]
    public async Task GetSignatureSentAsPost_IsSignatureDoesNotMatch()
    {
        var key = await server.CreateAccountAsync();

        var replayed = await SendAsync(Sign(key, v3: false, TimeProvider.System.GetUtcNow()), method: "POST");

        Assert.Equal((HttpStatusCode.BadRequest, "SignatureDoesNotMatch"), replayed);
    }
}
