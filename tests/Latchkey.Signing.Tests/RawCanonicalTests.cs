using System.Text;
using Latchkey.Signing.Tests.Fuzz;

namespace Latchkey.Signing.Tests;

/// <summary>
/// The parse keeps offsets into the raw query and body, and the canonicaliser works from the
/// escaped bytes (ParameterTable). These tests hold it to the string canonicaliser it replaced
/// (Canonicalizer.WriteSortedQuery over the decoded parameters), byte for byte, and check that
/// the lazily decoded parameters are exactly the eagerly decoded ones.
/// </summary>
public sealed class RawCanonicalTests
{
    private const string AccessKeyId = "LKRAWAAAAAAAAAAAAAAAAAAA";
    private const string Secret = "RawSecretRawSecretRawSecret00001";

    public static TheoryData<string, string> Components => new()
    {
        // name, raw value (as it goes on the wire, already escaped or not)
        { "Plain", "alice" },
        { "PlusIsSpace", "a+b+c" },
        { "Percent20IsSpace", "a%20b" },
        { "EscapedPlus", "1%2B1" },
        { "LowerCaseHex", "%e4%b8%ad%3a%2f" },
        { "UpperCaseHex", "%E4%B8%AD%3A%2F" },
        { "RawUtf8InForm", "\u00e9l\u00e8ve\u4e2d\u6587" },
        { "EscapedUtf8", "%C3%A9l%C3%A8ve" },
        { "InvalidEscape", "%zz" },
        { "ShortEscape", "%4" },
        { "TrailingPercent", "100%" },
        { "TildeAndStar", "~*'()!" },
        { "EscapedTilde", "%7E%2a" },
        { "Empty", "" },
        { "InvalidUtf8", "%FF%FE" },
        { "LoneContinuation", "a%80b" },
        { "Overlong", "%C0%AF" },
        { "PrivateUse", "%EE%80%80" },
        { "Replacement", "%EF%BF%BD" },
        { "Supplementary", "%F0%9F%92%A5" },
        { "Nul", "%00" },
        { "Long", new string('x', 3000) },
        { "LongEscaped", string.Concat(Enumerable.Repeat("%E4%B8%AD", 700)) },
    };

    [Theory]
    [MemberData(nameof(Components))]
    public void FormComponent_CanonicalBytesEqualTheStringCanonicaliser_AndVerify(string name, string rawValue)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&{name}={rawValue}&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z&Format=JSON";
        var request = SignV1Form(body);

        var parsed = Verified.Parse(request);

        AssertSameCanonical(parsed);
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal(Rfc3986.Decode(rawValue), parsed.GetParameter(name));
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void QueryComponent_CanonicalBytesEqualTheStringCanonicaliser_AndVerify(string name, string rawValue)
    {
        var query = $"Action=CreateUser&Version=2015-05-01&{name}={rawValue}&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";
        var request = SignV1Query(query);

        var parsed = Verified.Parse(request);

        AssertSameCanonical(parsed);
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal(Rfc3986.Decode(rawValue), parsed.GetParameter(name));
    }

    [Fact]
    public void RawNonAsciiAndLoneSurrogateInQuery_AreReadAsUtf8LikeTheBody()
    {
        var query = $"Action=CreateUser&Version=2015-05-01&DisplayName=\u00e9\u4e2d\ud800x&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03:04:05Z";
        var request = SignV1Query(query);

        var parsed = Verified.Parse(request);

        AssertSameCanonical(parsed);
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("\u00e9\u4e2d\uFFFDx", parsed.GetParameter("DisplayName"));
    }

    [Fact]
    public void RepeatedNames_SortByDecodedValue_AndEscapedNamesCountAsTheirDecodedName()
    {
        // %41ction decodes to Action: the reader must find it as Action (its first occurrence).
        var body = $"%41ction=CreateUser&Version=2015-05-01&Tag=b&Tag=a&Tag=%61&Tag=&Tag&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03:04:05Z";
        var request = SignV1Form(body);

        var parsed = Verified.Parse(request);

        AssertSameCanonical(parsed);
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("CreateUser", parsed.Action);
        Assert.Equal(["b", "a", "a", "", ""], parsed.Parameters.Where(p => p.Key == "Tag").Select(p => p.Value));
        Assert.Contains("Tag%3D%26Tag%3D%26Tag%3Da%26Tag%3Da%26Tag%3Db", parsed.GetStringToSign(), StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateSignature_FirstIsVerified_AllAreLeftOut()
    {
        var body = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03:04:05Z";
        var signature = SignatureOf(body);
        var request = FormRequest(body + "&Signature=" + Uri.EscapeDataString(signature) + "&Signature=AAAA");

        var parsed = Verified.Parse(request);

        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.DoesNotContain(parsed.Parameters, p => p.Key == "Signature");
        Assert.Equal(parsed.Parameters.Count, parsed.ParameterCount);
    }

    [Fact]
    public void SignatureWithUnescapedPlus_IsASpace_AndDoesNotMatch()
    {
        // A client that leaves '+' unescaped in a query sends a space, which Base64 skips: the
        // signature no longer decodes to 20 bytes. Escaped, the same signature verifies.
        var (query, signature) = Enumerable.Range(0, 1000)
            .Select(n => $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n{n}&Timestamp=2025-01-02T03:04:05Z")
            .Select(q => (q, SignatureOf(q, "GET")))
            .First(pair => pair.Item2.Contains('+', StringComparison.Ordinal));

        var unescaped = Verified.Parse(QueryRequest(query + "&Signature=" + signature));
        var escaped = Verified.Parse(QueryRequest(query + "&Signature=" + Uri.EscapeDataString(signature)));

        Assert.Equal("SignatureDoesNotMatch", unescaped.Verify(Secret)?.Code);
        Assert.Null(escaped.VerifyBoth(Secret));
    }

    [Fact]
    public void LazyAccessors_MatchTheDecodedList()
    {
        var body = $"Action=CreateUser&Version=2015-05-01&DisplayName=%E4%B8%AD+x&Comments=a%zz&Empty=&NoEquals&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03:04:05Z&SecurityToken=tok%2B1";
        var lazy = Verified.Parse(SignV1Form(body));
        var eager = Verified.Parse(SignV1Form(body));
        var list = eager.Parameters;

        Assert.Equal(list.Count, lazy.ParameterCount);
        for (var i = 0; i < list.Count; i++)
        {
            Assert.Equal(list[i].Key, lazy.GetParameterName(i));
            Assert.Equal(list[i].Value.Length, lazy.GetParameterValueLength(i));
            Assert.Equal(list[i].Value, lazy.GetParameter(list[i].Key));
        }

        Assert.Equal(AccessKeyId, lazy.AccessKeyId);
        Assert.Equal("n1", lazy.SignatureNonce);
        Assert.Equal("tok+1", lazy.SecurityToken);
        Assert.Null(lazy.GetParameter("Absent"));
        Assert.Null(lazy.GetParameter("Signature"));
        Assert.Throws<ArgumentOutOfRangeException>(() => lazy.GetParameterName(list.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => lazy.GetParameterValueLength(-1));
    }

    [Fact]
    public void RefusedShape_ExposesNoAccessKeyIdOrNonce()
    {
        var body = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA256&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03:04:05Z";
        var parsed = ParsedRequest.Parse(SignV1Form(body));

        Assert.Equal("InvalidSignatureMethod", parsed.Error?.Code);
        Assert.Equal(string.Empty, parsed.AccessKeyId);
        Assert.Equal(string.Empty, parsed.SignatureNonce);
        Assert.Null(parsed.SecurityToken);
    }

    [Fact]
    public void V3Query_CanonicalBytesEqualTheStringCanonicaliser()
    {
        var call = new RpcCall("CreateUser", "2015-05-01",
        [
            new("UserName", "alice"), new("DisplayName", "\u00e9 \u4e2d +x"), new("Tag", "b"), new("Tag", "a"), new("Odd", "\uE000\U0001F4A5~*"),
        ]);
        var signed = RequestSigner.SignV3(call, AccessKeyId, Secret, "127.0.0.1:8080", "nonce-1", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var request = signed.ToReceivedRequest();
        var lowered = request.With(query: request.QueryString!.Replace("%2B", "%2b", StringComparison.Ordinal));

        foreach (var each in new[] { request, lowered })
        {
            var parsed = Verified.Parse(each);
            AssertSameCanonical(parsed);
            Assert.Null(parsed.VerifyBoth(Secret));
            Assert.Equal(signed.StringToSign, parsed.GetStringToSign());
        }
    }

    /// <summary>
    /// The differential test: over the fuzz corpus (signed requests with odd parameters, mutated
    /// on the wire), the canonical bytes built from the raw request equal those the string
    /// canonicaliser builds from the decoded parameters, for every request that parses into a
    /// table, accepted or not; and the raw path is the one taken for nearly all of them.
    /// </summary>
    [Fact]
    public void FuzzCorpus_RawCanonicaliserIsByteIdenticalToTheStringCanonicaliser()
    {
        var rng = new FuzzRandom(0xCA_0000_0001UL);
        var raw = 0;
        var cases = FuzzBudget.Cases(20_000) / 4;
        for (var i = 0; i < cases; i++)
        {
            var wire = WireRequest.Sign(rng, AccessKeyId, Secret);
            if (!rng.Chance(10))
            {
                WireMutator.Mutate(wire, rng);
            }

            var parsed = ParsedRequest.Parse(wire.ToReceivedRequest());
            raw += AssertSameCanonical(parsed, $"case {i}: {wire}") ? 1 : 0;
        }

        Assert.True(raw > cases * 3 / 4, $"the raw canonicaliser took only {raw} of {cases} cases");
    }

    /// <summary>Compares every canonical form of <paramref name="parsed"/>; true when the raw path was taken for all.</summary>
    private static bool AssertSameCanonical(ParsedRequest parsed, string? context = null)
    {
        var table = parsed.Table;
        var list = parsed.Parameters;
        var allRaw = true;
        foreach (var count in new[] { table.Count, table.QueryCount })
        {
            foreach (var twice in new[] { false, true })
            {
                var expected = new ByteBuilder(256);
                var actual = new ByteBuilder(256);
                try
                {
                    Canonicalizer.WriteSortedQuery(ref expected, list, count, twice);
                    var tookRaw = table.TryWriteSorted(ref actual, count, twice);
                    allRaw &= tookRaw;
                    if (!tookRaw)
                    {
                        Assert.True(actual.Written.IsEmpty, context);
                        continue;
                    }

                    var same = expected.Written.SequenceEqual(actual.Written);
                    Assert.True(same, $"{context}\n  string: {Encoding.UTF8.GetString(expected.Written)}\n  raw:    {Encoding.UTF8.GetString(actual.Written)}");
                }
                finally
                {
                    expected.Dispose();
                    actual.Dispose();
                }
            }
        }

        if (parsed.SignatureVersion == SignatureVersion.V1)
        {
            var expected = new ByteBuilder(256);
            try
            {
                Canonicalizer.WriteV1StringToSign(ref expected, parsed.Method, list);
                Assert.Equal(Encoding.ASCII.GetString(expected.Written), parsed.GetStringToSign());
            }
            finally
            {
                expected.Dispose();
            }
        }

        return allRaw;
    }

    private static ReceivedRequest SignV1Form(string body) => FormRequest(body + "&Signature=" + Uri.EscapeDataString(SignatureOf(body)));

    private static ReceivedRequest SignV1Query(string query) => QueryRequest(query + "&Signature=" + Uri.EscapeDataString(SignatureOf(query, "GET")));

    /// <summary>The V1 signature of a raw form/query, computed from its decoded parameters with the string canonicaliser.</summary>
    private static string SignatureOf(string raw, string method = "POST")
    {
        var parameters = raw.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : ""))
            .ToArray();
        return TestSigning.V1Signature(Secret, method, parameters);
    }

    /// <summary>Decodes as the parser does, including raw non-ASCII text read as UTF-8.</summary>
    private static string Decode(string component) => Rfc3986.Decode(component);

    private static ReceivedRequest FormRequest(string body) =>
        new("POST", "/", null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded");

    private static ReceivedRequest QueryRequest(string query) =>
        new("GET", "/", query, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), ReadOnlyMemory<byte>.Empty, null);
}
