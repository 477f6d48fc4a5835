using System.Globalization;
using System.Text;

namespace Latchkey.Signing.Tests.Fuzz;

/// <summary>A request as it travels: method, path, raw query, headers, body bytes, and what its signer signed.</summary>
internal sealed class WireRequest
{
    private static readonly (string Action, string Version)[] Actions =
    [
        ("CreateAccessKey", "2015-05-01"), ("CreateUser", "2015-05-01"), ("GetCallerIdentity", "2015-04-01"), ("ListAccessKeys", "2019-08-15"),
    ];

    // Never a V1 common parameter: a client that sends AccessKeyId twice gets a refusal, not a fuzz finding.
    private static readonly string[] Names =
    [
        "UserName", "UserName", "NewUserName", "Marker", "MaxItems", "Status", "UserAccessKeyId", "Comments", "DisplayName", "Tag.1.Key", "Tag.1.Value",
        "a b", "\u00fc", "a+b", "%41", "x=y", "a&b", "", "Format", "Email", "\u4e2d",
    ];

    private static readonly string[] Values =
    [
        "", " ", "alice", "bob@example.com", "Active", "Inactive", "true", "100", "a b", "a+b", "a%20b", "%", "%zz", "&", "=", "a=b&c=d", "\u00e9l\u00e8ve", "\u4e2d\u6587",
        "\U0001F4A5", "\0", "\u001f", "\u007f", "\uFFFD", "~*'()!", "/../", "\r\n", "\t", new string('x', 300), "JSON", "XML",
    ];

    private static readonly char[] Alphabet = [.. "abcXYZ019 -_.~!*'()&=+%/?#[]@\u00e9\u4e2d\u0000\u001f\u007f\uFFFD"];

    public required string Method { get; set; }

    public string Path { get; set; } = "/";

    /// <summary>The raw query without '?'.</summary>
    public required string Query { get; set; }

    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; set; }

    public bool IsV3 { get; init; }

    public string Action { get; init; } = "";

    public string Version { get; init; } = "";

    public string Nonce { get; init; } = "";

    /// <summary>Every parameter the signer covered, as decoded text (V1 with its common parameters, without Signature).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SignedParameters { get; init; } = [];

    public List<string> Mutations { get; } = [];

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public void SetHeader(string name, string value)
    {
        Headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        Headers.Add(KeyValuePair.Create(name, value));
    }

    public static WireRequest Sign(FuzzRandom rng, string accessKeyId, string secret)
    {
        var (action, version) = rng.Pick(Actions);
        var parameters = new List<KeyValuePair<string, string>>();
        var count = rng.Next(6);
        for (var i = 0; i < count; i++)
        {
            var name = rng.Pick(Names);
            if (parameters.Any(p => p.Key == name))
            {
                continue;
            }

            parameters.Add(KeyValuePair.Create(name, rng.Chance(70) ? rng.Pick(Values) : RandomText(rng)));
        }

        var nonce = rng.NextUInt64().ToString("x16", CultureInfo.InvariantCulture) + rng.NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(rng.Next(86_400));
        var call = new RpcCall(action, version, parameters);
        var shape = rng.Next(7);
        SignedHttpRequest signed;
        IReadOnlyList<KeyValuePair<string, string>> covered;
        if (shape == 6)
        {
            // A V3 body that looks like a form but whose content type the client did not sign:
            // its bytes are covered by the hash, yet nothing signed says they are parameters.
            var form = string.Join('&', parameters.Select(p => Rfc3986.Encode(p.Key) + "=" + Rfc3986.Encode(p.Value)));
            signed = RequestSigner.SignV3Request("POST", "/", Encoding.UTF8.GetBytes(form), null, action, version, accessKeyId, secret, "api.example.com", nonce, at);
            covered = [];
        }
        else if (shape < 3)
        {
            var method = shape == 0 ? "GET" : "POST";
            signed = RequestSigner.SignV1(call, accessKeyId, secret, method, shape == 2 ? V1Placement.Form : V1Placement.Query, nonce, at);
            covered = V1Covered(call, accessKeyId, nonce, at);
        }
        else
        {
            signed = RequestSigner.SignV3(call, accessKeyId, secret, "api.example.com", nonce, at, parametersInBody: shape == 4, method: shape == 5 ? "GET" : "POST");
            covered = parameters;
        }

        var question = signed.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var headers = signed.Headers.ToList();
        if (signed.ContentType is not null)
        {
            headers.Add(KeyValuePair.Create("Content-Type", signed.ContentType));
        }

        return new WireRequest
        {
            Method = signed.Method,
            Query = question < 0 ? "" : signed.PathAndQuery[(question + 1)..],
            Headers = headers,
            Body = signed.Body.ToArray(),
            IsV3 = shape >= 3,
            Action = action,
            Version = version,
            Nonce = nonce,
            SignedParameters = covered,
        };
    }

    public WireRequest Clone() => new()
    {
        Method = Method,
        Path = Path,
        Query = Query,
        Headers = [.. Headers],
        Body = [.. Body],
        IsV3 = IsV3,
        Action = Action,
        Version = Version,
        Nonce = Nonce,
        SignedParameters = SignedParameters,
    };

    /// <summary>As a server hands it over: case-insensitive names, repeated headers joined with ',', Content-Type from the headers.</summary>
    public ReceivedRequest ToReceivedRequest()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Headers)
        {
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        return new ReceivedRequest(Method, Path, Query, headers, Body, headers.GetValueOrDefault("Content-Type"));
    }

    public override string ToString()
    {
        var query = Query.Length > 200 ? Query[..200] + "…" : Query;
        var body = Encoding.Latin1.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200)));
        return $"{Method} {Path}?{query} content-type={Header("Content-Type")} body={body} [{string.Join(", ", Mutations)}]";
    }

    private static List<KeyValuePair<string, string>> V1Covered(RpcCall call, string accessKeyId, string nonce, DateTimeOffset at)
    {
        var covered = new List<KeyValuePair<string, string>>
        {
            new("AccessKeyId", accessKeyId), new("Action", call.Action), new("SignatureMethod", "HMAC-SHA1"), new("SignatureNonce", nonce),
            new("SignatureVersion", "1.0"), new("Timestamp", RequestSigner.FormatTimestamp(at)), new("Version", call.Version),
        };
        if (!call.Parameters.Any(p => p.Key == "Format"))
        {
            covered.Add(new("Format", "JSON"));
        }

        covered.AddRange(call.Parameters);
        return covered;
    }

    private static string RandomText(FuzzRandom rng)
    {
        var text = new StringBuilder();
        var length = rng.Next(12);
        for (var i = 0; i < length; i++)
        {
            text.Append(rng.Pick(Alphabet));
        }

        return text.ToString();
    }
}
