using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Latchkey.Signing;

/// <summary>
/// Fills the server's nonce window: COUNT signed V1 GetCallerIdentity calls, each with a fresh
/// nonce, over CONNECTIONS keep-alive connections, signed as they are sent. Prints how many were
/// accepted; exits non-zero if any was not.
/// </summary>
internal static class Fill
{
    public static async Task<int> RunAsync(int count, string host, string accessKeyId, string secret, int connections)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
        {
            BaseAddress = new Uri($"http://{host}"),
        };
        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var next = -1;
        long accepted = 0;
        long refused = 0;
        var started = TimeProvider.System.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var signed = RequestSigner.SignV1(call, accessKeyId, secret, "GET", V1Placement.Query, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), TimeProvider.System.GetUtcNow());
                using var response = await http.GetAsync(new Uri(signed.PathAndQuery, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref accepted : ref refused);
            }
        })));

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FILL accepted={accepted} refused={refused} seconds={seconds:F1} rps={accepted / seconds:F0}"));
        return refused == 0 ? 0 : 1;
    }
}
