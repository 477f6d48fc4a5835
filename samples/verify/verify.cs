#:project ../../src/Latchkey.Signing/Latchkey.Signing.csproj
#:property PublishAot=false

// Walks through the verify API (docs/verify-api.md): a client signs a request to a resource
// server; the resource server forwards what it received to POST /api/verify, signed with its own
// key, and reads back the caller's principal or the error to answer with.
//   LATCHKEY_ENDPOINT=http://127.0.0.1:8080 CLIENT_ID=… CLIENT_SECRET=… RS_ID=… RS_SECRET=… dotnet run verify.cs
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Latchkey.Signing;

var endpoint = new Uri(Environment.GetEnvironmentVariable("LATCHKEY_ENDPOINT") is { Length: > 0 } url ? url : "http://127.0.0.1:8080");
string[] required = ["CLIENT_ID", "CLIENT_SECRET", "RS_ID", "RS_SECRET"];
var missing = required.Where(name => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))).ToList();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"verify: set {string.Join(", ", missing)} first: CLIENT_ID/CLIENT_SECRET are the calling client's AccessKey,");
    Console.Error.WriteLine("RS_ID/RS_SECRET the resource server's own AccessKey; LATCHKEY_ENDPOINT defaults to http://127.0.0.1:8080. See docs/verify-api.md.");
    return 2;
}

string Env(string name) => Environment.GetEnvironmentVariable(name)!;
var now = TimeProvider.System.GetUtcNow();

// 1. What the client sends to the resource server (api.example.com): V3, parameters in the query.
var clientCall = new RpcCall("DescribeWidgets", "2024-01-01", [KeyValuePair.Create("PageSize", "5")]);
var received = RequestSigner.SignV3(clientCall, Env("CLIENT_ID"), Env("CLIENT_SECRET"), "api.example.com", RequestSigner.NewNonce(), now);

// 2. The resource server copies the request it received into the verify body.
var question = received.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
var verifyBody = JsonSerializer.SerializeToUtf8Bytes(new
{
    received.Method,
    Host = "api.example.com",
    Path = question < 0 ? received.PathAndQuery : received.PathAndQuery[..question],
    Query = question < 0 ? "" : received.PathAndQuery[(question + 1)..],
    Headers = received.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value),
    Body = Convert.ToBase64String(received.Body.Span),
    received.ContentType,
    SourceIp = "203.0.113.7",
});

// 3. ... and signs POST /api/verify with its own key.
var verify = RequestSigner.SignV3Request("POST", "/api/verify", verifyBody, "application/json", "VerifyRequest", "2025-01-01",
    Env("RS_ID"), Env("RS_SECRET"), endpoint.Authority, RequestSigner.NewNonce(), now);
using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/api/verify")) { Content = new ByteArrayContent(verifyBody) };
message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
foreach (var (name, value) in verify.Headers.Where(h => h.Key != "host"))
{
    message.Headers.TryAddWithoutValidation(name, value);
}

using var http = new HttpClient();
using var response = await http.SendAsync(message);
Console.WriteLine($"HTTP {(int)response.StatusCode}");
Console.WriteLine(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
return response.IsSuccessStatusCode ? 0 : 1;
