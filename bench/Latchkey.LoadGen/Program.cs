using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Signing;

// Writes N signed requests, one a line, for bench/http-load.lua:
//   METHOD \t PATH \t BODY or "-" \t header name \t header value ...
// Usage: Latchkey.LoadGen KIND COUNT HOST:PORT ACCESS_KEY_ID ACCESS_KEY_SECRET OUT_FILE
// KIND: sts-v1 (pop-core GET query, V1), sts-v3 (product client, V3), ram-v3 (ListAccessKeys, V3),
//       badsig-v1 (sts-v1 signed with a wrong secret: every one is refused).
// Also (bench/http-compare.sh):
//   Latchkey.LoadGen kestrel HOST:PORT      plain Kestrel answering every request with a small JSON body
//   Latchkey.LoadGen fill COUNT HOST:PORT ACCESS_KEY_ID ACCESS_KEY_SECRET CONNECTIONS
//                                           sends COUNT signed sts-v1 calls (fresh nonce each) to fill the nonce window
if (args.Length == 2 && args[0] == "kestrel")
{
    return await Baseline.RunAsync(args[1]);
}

if (args.Length == 6 && args[0] == "fill")
{
    return await Fill.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3], args[4], int.Parse(args[5], CultureInfo.InvariantCulture));
}

if (args.Length != 6 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
{
    await Console.Error.WriteLineAsync("usage: Latchkey.LoadGen sts-v1|sts-v3|ram-v3|badsig-v1 COUNT HOST:PORT ACCESS_KEY_ID ACCESS_KEY_SECRET OUT_FILE");
    return 2;
}

var (kind, host, accessKeyId, secret, outFile) = (args[0], args[2], args[3], args[4], args[5]);
var stsCall = new RpcCall("GetCallerIdentity", "2015-04-01", []);
var ramCall = new RpcCall("ListAccessKeys", "2015-05-01", []);
Func<DateTimeOffset, SignedHttpRequest>? sign = kind switch
{
    "sts-v1" => now => RequestSigner.SignV1(stsCall, accessKeyId, secret, "GET", V1Placement.Query, Nonce(16), now),
    "badsig-v1" => now => RequestSigner.SignV1(stsCall, accessKeyId, secret + "x", "GET", V1Placement.Query, Nonce(16), now),
    "sts-v3" => now => RequestSigner.SignV3(stsCall, accessKeyId, secret, host, Nonce(32), now),
    "ram-v3" => now => RequestSigner.SignV3(ramCall, accessKeyId, secret, host, Nonce(32), now),
    _ => null,
};
if (sign is null)
{
    await Console.Error.WriteLineAsync($"unknown kind '{kind}'");
    return 2;
}

var clock = TimeProvider.System;
var line = new StringBuilder(1024);
await using (var writer = new StreamWriter(outFile, append: false, new UTF8Encoding(false), 1 << 20))
{
    for (var i = 0; i < count; i++)
    {
        var request = sign(clock.GetUtcNow());
        line.Clear().Append(request.Method).Append('\t').Append(request.PathAndQuery).Append('\t');
        line.Append(request.Body.IsEmpty ? "-" : Encoding.UTF8.GetString(request.Body.Span));
        foreach (var (name, value) in request.Headers)
        {
            // wrk adds its own Host unless the table has "Host" exactly; a second Host header is a 400.
            line.Append('\t').Append(name.Equals("host", StringComparison.OrdinalIgnoreCase) ? "Host" : name).Append('\t').Append(value);
        }

        if (request.ContentType is not null)
        {
            line.Append("\tContent-Type\t").Append(request.ContentType);
        }

        await writer.WriteLineAsync(line);
    }
}

return 0;

static string Nonce(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
