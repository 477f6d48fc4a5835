using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Percent-encoding and form decoding edges (spec §3, §4).</summary>
public sealed class DecodingTests
{
    [Theory]
    [InlineData(" ", "%20")]
    [InlineData("*", "%2A")]
    [InlineData("~", "~")]
    [InlineData("/", "%2F")]
    [InlineData("'", "%27")]
    [InlineData("(", "%28")]
    [InlineData("!", "%21")]
    [InlineData("中", "%E4%B8%AD")]
    [InlineData("+", "%2B")]
    [InlineData("AZaz09-_.", "AZaz09-_.")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void Encode_SpecExamples_MatchAlibabaPercentEncode(string value, string expected)
    {
        Assert.Equal(expected, Rfc3986.Encode(value));
    }

    [Theory]
    [InlineData("a+b", "a b")]
    [InlineData("a%2Bb", "a+b")]
    [InlineData("a%2bb", "a+b")]
    [InlineData("%e4%b8%ad", "中")]
    [InlineData("100%", "100%")]
    [InlineData("%zz", "%zz")]
    [InlineData("%4", "%4")]
    [InlineData("(ok)!*~", "(ok)!*~")]
    public void Decode_FormComponent_DecodesPlusAndEscapesInAnyCase(string raw, string expected)
    {
        Assert.Equal(expected, Rfc3986.Decode(raw));
    }

    [Fact]
    public void TryParse_PlusForSpaceAndLowerCaseEscapes_StillVerifies()
    {
        // The Go SDK writes '+' for a space; some clients write lower-case escapes.
        var signed = SigningModes.Sign(SigningMode.V1GetQuery, SigningModes.Call(("DisplayName", "Alice A. B"), ("Comments", "1+1:2")));
        var request = signed.ToReceivedRequest();
        var rewritten = request.QueryString!
            .Replace("Alice%20A.%20B", "Alice+A.+B", StringComparison.Ordinal)
            .Replace("%3A", "%3a", StringComparison.Ordinal)
            .Replace("%2B", "%2b", StringComparison.Ordinal);
        Assert.NotEqual(request.QueryString, rewritten);

        var parsed = Verified.Parse(request.With(query: rewritten));

        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
        Assert.Equal("Alice A. B", parsed.GetParameter("DisplayName"));
        Assert.Equal("1+1:2", parsed.GetParameter("Comments"));
    }

    [Fact]
    public void TryParse_NameWithoutEqualsAndEmptyValues_AreKept()
    {
        var request = new ReceivedRequest("GET", "/", "Flag&Empty=&Signature=x&&A=1", new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty, null);

        var ok = ParsedRequest.TryParse(request, out _, out var error);

        Assert.False(ok);
        Assert.Equal("MissingAccessKeyId", error!.Code);
    }

    [Fact]
    public void Parameters_QueryThenBody_InArrivalOrderWithRepeats()
    {
        var signed = SigningModes.Sign(SigningMode.V1GetQuery, SigningModes.Call());
        var request = new ReceivedRequest(
            "POST",
            "/",
            signed.PathAndQuery[2..] + "&Z=1&Flag&Empty=",
            new Dictionary<string, string>(),
            Encoding.UTF8.GetBytes("B=2&Z=3"),
            "application/x-www-form-urlencoded; charset=UTF-8");

        var parsed = Verified.Parse(request);

        var tail = parsed.Parameters.Skip(parsed.Parameters.Count - 5).ToList();
        Assert.Equal(
            [new("Z", "1"), new("Flag", ""), new("Empty", ""), new("B", "2"), new("Z", "3")],
            tail);
        Assert.Equal("1", parsed.GetParameter("Z"));
        Assert.DoesNotContain(parsed.Parameters, p => p.Key == "Signature");
        Assert.Contains("Flag%3D%26", parsed.GetStringToSign(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BodyWithOtherContentType_IsNotReadAsForm()
    {
        var signed = SigningModes.Sign(SigningMode.V1PostForm, SigningModes.Call());
        var request = new ReceivedRequest("POST", "/", null, new Dictionary<string, string>(), signed.Body, "application/json");

        Assert.Equal("MissingSignature", Verified.ParseError(request).Code);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a b/c+d/%7e(x)", "/a%20b/c%2Bd/~%28x%29")]
    public void CanonicalUri_EncodesEachSegmentKeepingSlashes(string path, string expected)
    {
        Assert.Equal(expected, Canonicalizer.CanonicalUri(path));
    }

    [Fact]
    public void Verify_RepeatedNames_SortedByValue()
    {
        var signed = SigningModes.Sign(SigningMode.V1PostQuery, SigningModes.Call(("Tag", "b"), ("Tag", "a")));

        var parsed = Verified.Parse(signed.ToReceivedRequest());

        Assert.Contains("Tag%3Da%26Tag%3Db", parsed.GetStringToSign(), StringComparison.Ordinal);
        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
    }
}
