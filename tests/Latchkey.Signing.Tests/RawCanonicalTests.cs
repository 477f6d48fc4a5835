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

    [Fact]
    public void RepeatedNames_WithValuesWrittenAsTheyLie_SortByTheirDecodedBytes()
    {
        // Each value is its own PercentEncode and is copied as it lies, but sorts by what it
        // decodes to: "%5B" ('[') after "Z", "%20" (' ') before "A", "%2F" ('/') before "0".
        var body = $"Action=CreateUser&Version=2015-05-01&Tag=%5B&Tag=Z&Tag=A&Tag=%20&Tag=0&Tag=%2F&Tag=a%2Fb&Tag=a%20b&Tag=%5B%5D&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";
        var request = SignV1Form(body);

        var parsed = Verified.Parse(request);

        AssertSameCanonical(parsed);
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Contains("Tag%3D%2520%26Tag%3D%252F%26Tag%3D0%26Tag%3DA%26Tag%3DZ%26Tag%3D%255B%26Tag%3D%255B%255D%26Tag%3Da%2520b%26Tag%3Da%252Fb", parsed.GetStringToSign(), StringComparison.Ordinal);
    }

    public static TheoryData<string> NotTheirOwnEncoding => new()
    {
        "%41", // an escaped unreserved byte is written as the byte
        "%3a", // lower-case hex is written in upper case
        "a%2", // a '%' without two digits is itself escaped
        "100%",
        "a+b", // '+' is a space
        "a*b", // a reserved byte left unescaped
        "%C3%A9", // UTF-8 is checked, then encoded again
        "%E4%B8%AD%20x",
    };

    [Theory]
    [MemberData(nameof(NotTheirOwnEncoding))]
    public void ValuesThatAreNotTheirOwnEncoding_AreDecodedAndEncodedAgain(string rawValue)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&Tag={rawValue}&Tag=%5A&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";

        var parsed = Verified.Parse(SignV1Form(body));

        Assert.True(AssertSameCanonical(parsed));
        Assert.Null(parsed.VerifyBoth(Secret));
    }

    [Fact]
    public void ManyParameters_BeyondTheStackEntries_SplitSortAndVerifyAlike()
    {
        var extra = string.Concat(Enumerable.Range(0, ParameterTable.StackEntries + 10).Select(i => $"&P{(i * 37) % 101:D3}=v%20{i}"));
        var fields = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";

        var form = Verified.Parse(SignV1Form(fields + extra));
        var query = Verified.Parse(SignV1Query(fields + extra));

        foreach (var parsed in new[] { form, query })
        {
            Assert.True(AssertSameCanonical(parsed));
            Assert.Null(parsed.VerifyBoth(Secret));
            Assert.Equal(ParameterTable.StackEntries + 17, parsed.ParameterCount);
            Assert.Equal("v 17", parsed.GetParameter("P023"));
        }
    }

    [Fact]
    public void DecodedComponents_OutgrowingTheStackScratch_KeepTheOnesDecodedBefore()
    {
        // The escaped name and the short value are decoded first; the long value then moves the
        // scratch to a pooled array, which must carry them along.
        var longValue = string.Concat(Enumerable.Repeat("%C3%A9", 200));
        var body = $"Action=CreateUser&Version=2015-05-01&%4Eick=%C3%A9x&Long={longValue}&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";

        var parsed = Verified.Parse(SignV1Form(body));

        Assert.True(AssertSameCanonical(parsed));
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("\u00e9x", parsed.GetParameter("Nick"));
    }

    /// <summary>
    /// The split finds '&amp;', '=' and the reserved bytes 32 or 16 bytes at a time: with the text
    /// shifted by every offset across two vectors, each separator and each kind of byte next to
    /// the unreserved ranges ('@' '[' '`' '{' '/' ':') falls on every position of a vector once.
    /// </summary>
    [Fact]
    public void Split_AtEveryOffsetAcrossVectors_MatchesSplittingTheString()
    {
        for (var shift = 0; shift < 70; shift++)
        {
            var raw = $"{new string('p', shift)}=a=b&&=lead&NoEquals&Empty=&=&Tag=1%3D2&N@me=x&Raw=@[`{{/:*!'()^|&Odd=%40%5B%60%7B%2F%3A%7F%C3%A9&Plain-_.~AZaz09=-_.~AZaz09&Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z&";
            var expected = raw.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(parts => new KeyValuePair<string, string>(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : string.Empty))
                .ToArray();

            foreach (var request in new[] { SignV1Form(raw), SignV1Query(raw) })
            {
                var parsed = Verified.Parse(request);

                Assert.Equal(expected, parsed.Parameters);
                Assert.True(AssertSameCanonical(parsed), $"shift {shift}");
                Assert.Null(parsed.VerifyBoth(Secret));
            }
        }
    }

    [Fact]
    public void GetParameter_FindsTheFirstDecodedName_WhetherEscapedOrNot()
    {
        // Verbatim names are compared where they lie; an escaped one before them must still win.
        var fields = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";
        var raw = $"{fields}&N%41me=1&Tag=x&%54ag=y&Tag=z&Name=2&NAme=3&N+me=4";

        foreach (var request in new[] { SignV1Form(raw), SignV1Query(raw) })
        {
            var parsed = Verified.Parse(request);

            Assert.Equal("x", parsed.GetParameter("Tag"));
            Assert.Equal("1", parsed.GetParameter("NAme"));
            Assert.Equal("2", parsed.GetParameter("Name"));
            Assert.Equal("4", parsed.GetParameter("N me"));
            Assert.Null(parsed.GetParameter("Nam"));
        }

        var escapedFirst = Verified.Parse(SignV1Query($"{fields}&%54ag=y&Tag=x"));
        Assert.Equal("y", escapedFirst.GetParameter("Tag"));
    }

    [Theory]
    [InlineData("%4ASON", "JSON")]
    [InlineData("json", "JSON")]
    [InlineData("x%6Dl", "XML")]
    public void Format_ReadOnTheDecodedText(string rawFormat, string expected)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&Format={rawFormat}&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";

        Assert.Equal(expected, Verified.Parse(SignV1Form(body)).Format);
    }

    [Theory]
    [InlineData("JSON+")]
    [InlineData("JS%4FNX")]
    [InlineData("J%C5%BFON")] // U+017F would fold to 'S' under some case rules; not here
    public void Format_OtherDecodedText_IsRefused(string rawFormat)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&Format={rawFormat}&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp=2025-01-02T03%3A04%3A05Z";

        Assert.Equal("InvalidParameter.Format", ParsedRequest.Parse(SignV1Form(body)).Error?.Code);
    }

    [Theory]
    [InlineData("a+b", "a b", true)]
    [InlineData("%41b", "Ab", true)]
    [InlineData("a%7Fb", null, false)]
    [InlineData("a%09b", null, false)]
    [InlineData("a\u00e9", null, false)]
    public void Nonce_CheckedOnTheDecodedText(string rawNonce, string? expected, bool accepted)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce={rawNonce}&Timestamp=2025-01-02T03%3A04%3A05Z";

        var parsed = ParsedRequest.Parse(SignV1Form(body));

        Assert.Equal(accepted ? null : "InvalidParameter.SignatureNonce", parsed.Error?.Code);
        if (accepted)
        {
            Assert.Equal(expected, parsed.SignatureNonce);
        }
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Nonce_UpToTheLongestAccepted(int length, bool accepted)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce={new string('n', length)}&Timestamp=2025-01-02T03%3A04%3A05Z";

        Assert.Equal(accepted ? null : "InvalidParameter.SignatureNonce", ParsedRequest.Parse(SignV1Form(body)).Error?.Code);
    }

    [Theory]
    [InlineData("2025-01-02T03%3A04%3A05Z", true)]
    [InlineData("2025-01-02T03:04:05Z", true)]
    [InlineData("%3225-01-02T03%3A04%3A05Z", false)]
    [InlineData("%32%30%32%35-01-02T03%3A04%3A05Z", true)]
    [InlineData("2025-01-02T03%3A04%3A05.5Z", true)]
    [InlineData("2025-02-29T03%3A04%3A05Z", false)]
    [InlineData("2024-02-29T03%3A04%3A05Z", true)]
    [InlineData("2025-01-02T03%3A04%3A05%5A", true)]
    [InlineData("\u0662025-01-02T03%3A04%3A05Z", false)]
    public void Timestamp_ReadOnTheDecodedText(string rawTimestamp, bool accepted)
    {
        var body = $"Action=CreateUser&Version=2015-05-01&AccessKeyId={AccessKeyId}&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1&Timestamp={rawTimestamp}";
        var decoded = Decode(rawTimestamp);

        var parsed = ParsedRequest.Parse(SignV1Form(body));

        Assert.Equal(accepted ? null : "InvalidTimeStamp.Format", parsed.Error?.Code);
        if (accepted)
        {
            Assert.Equal(DateTimeOffset.Parse(decoded, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal), parsed.Timestamp);
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
