using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Malformed signature data is refused at parse time with Alibaba's codes.</summary>
public sealed class ParseNegativeTests
{
    private static readonly (string Name, string Value)[] Common =
    [
        ("AccessKeyId", "testid"), ("Action", "CreateUser"), ("Format", "JSON"), ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "72b6ad1c9e7b739068333bdd365a0c01"), ("SignatureVersion", "1.0"),
        ("Timestamp", "2026-11-28T05:48:20Z"), ("Version", "2015-05-01"), ("UserName", "alice"),
    ];

    [Theory]
    [InlineData("AccessKeyId")]
    [InlineData("SignatureMethod")]
    [InlineData("SignatureVersion")]
    [InlineData("SignatureNonce")]
    [InlineData("Timestamp")]
    [InlineData("Action")]
    [InlineData("Version")]
    public void TryParse_V1MissingRequiredParameter_ReturnsMissingName(string name)
    {
        var parameters = Common.Where(p => p.Name != name).ToArray();

        var error = Verified.ParseError(SpecVectorTests.V1Get(parameters, "c2lnbmF0dXJlMDEyMzQ1Njc4OQ=="));

        Assert.Equal("Missing" + name, error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal(name + " is mandatory for this action.", error.Message);
    }

    [Theory]
    [InlineData("AccessKeyId")]
    [InlineData("SignatureNonce")]
    public void TryParse_V1EmptyRequiredParameter_ReturnsMissingName(string name)
    {
        var parameters = Common.Select(p => p.Name == name ? (p.Name, string.Empty) : p).ToArray();

        Assert.Equal("Missing" + name, Verified.ParseError(SpecVectorTests.V1Get(parameters, "c2ln")).Code);
    }

    [Fact]
    public void TryParse_NoSignatureAnywhere_ReturnsMissingSignature()
    {
        var request = new ReceivedRequest("GET", "/", SpecVectorTests.Encode(Common, null), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty, null);

        var error = Verified.ParseError(request);

        Assert.Equal("MissingSignature", error.Code);
        Assert.Equal("Signature is mandatory for this action.", error.Message);
    }

    [Fact]
    public void TryParse_V1EmptySignature_ReturnsMissingSignature()
    {
        Assert.Equal("MissingSignature", Verified.ParseError(SpecVectorTests.V1Get(Common, string.Empty)).Code);
    }

    [Theory]
    [InlineData("SignatureMethod", "HMAC-SHA256")]
    [InlineData("SignatureMethod", "hmac-sha1")]
    [InlineData("SignatureVersion", "2.0")]
    public void TryParse_V1UnsupportedSignatureMethod_ReturnsInvalidSignatureMethod(string name, string value)
    {
        var parameters = Common.Select(p => p.Name == name ? (p.Name, value) : p).ToArray();

        var error = Verified.ParseError(SpecVectorTests.V1Get(parameters, "c2ln"));

        Assert.Equal("InvalidSignatureMethod", error.Code);
        Assert.Equal("Specified signature method is not valid.", error.Message);
    }

    [Theory]
    [InlineData("2025-01-02 03:04:05")]
    [InlineData("2025-01-02T03:04:05")]
    [InlineData("2025-01-02T03:04:05+08:00")]
    [InlineData("1735787045")]
    [InlineData("2025-13-02T03:04:05Z")]
    public void TryParse_V1BadTimestampFormat_ReturnsInvalidTimeStampFormat(string timestamp)
    {
        var parameters = Common.Select(p => p.Name == "Timestamp" ? (p.Name, timestamp) : p).ToArray();

        var error = Verified.ParseError(SpecVectorTests.V1Get(parameters, "c2ln"));

        Assert.Equal("InvalidTimeStamp.Format", error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Theory]
    [InlineData("2025-01-02T03:04:05.1Z", 1_000_000)]
    [InlineData("2025-01-02T03:04:05.123Z", 1_230_000)]
    public void TryParse_V1TimestampWithFraction_Accepts(string timestamp, long ticks)
    {
        var parameters = Common.Select(p => p.Name == "Timestamp" ? (p.Name, timestamp) : p).ToArray();

        var parsed = Verified.Parse(SpecVectorTests.V1Get(parameters, "c2ln"));

        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(ticks), parsed.Timestamp);
    }

    [Theory]
    [InlineData("YAML")]
    [InlineData("")]
    [InlineData("jsonp")]
    public void TryParse_InvalidFormat_ReturnsInvalidParameterFormat(string format)
    {
        var parameters = Common.Select(p => p.Name == "Format" ? (p.Name, format) : p).ToArray();

        var error = Verified.ParseError(SpecVectorTests.V1Get(parameters, "c2ln"));

        Assert.Equal("InvalidParameter.Format", error.Code);
        Assert.Equal("Specified parameter format is not valid.", error.Message);
    }

    [Theory]
    [InlineData("json", "JSON")]
    [InlineData("Xml", "XML")]
    public void TryParse_FormatInAnyCase_IsNormalised(string format, string expected)
    {
        var parameters = Common.Select(p => p.Name == "Format" ? (p.Name, format) : p).ToArray();

        Assert.Equal(expected, Verified.Parse(SpecVectorTests.V1Get(parameters, "c2ln")).Format);
    }

    [Fact]
    public void TryParse_V3InvalidFormat_ReturnsInvalidParameterFormat()
    {
        var request = V3Request();

        var error = Verified.ParseError(request.With(query: "Format=text&UserName=alice"));

        Assert.Equal("InvalidParameter.Format", error.Code);
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 ")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action")]
    [InlineData("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid;SignedHeaders=host,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=zz450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863g")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c0")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c")]
    [InlineData("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c")]
    public void TryParse_V3BrokenAuthorization_ReturnsIncompleteSignature(string authorization)
    {
        var request = V3Request(authorization);

        var error = Verified.ParseError(request);

        Assert.Equal("IncompleteSignature", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.StartsWith("The request signature does not conform to Aliyun standards. server string to sign is:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_V3SpacesAfterCommas_Accepts()
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers["Authorization"] = headers["Authorization"].Replace(",", ", ", StringComparison.Ordinal);

        Assert.Null(Verified.Check(request.With(headers: headers), SigningModes.Secret));
    }

    [Theory]
    [InlineData("ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature=00")]
    [InlineData("ACS3-RSA-SHA256 Credential=testid,SignedHeaders=host,Signature=00")]
    public void TryParse_V3OtherAlgorithm_ReturnsInvalidSignatureMethod(string authorization)
    {
        Assert.Equal("InvalidSignatureMethod", Verified.ParseError(V3Request(authorization)).Code);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("x-acs-action")]
    [InlineData("x-acs-version")]
    [InlineData("x-acs-date")]
    [InlineData("x-acs-signature-nonce")]
    [InlineData("x-acs-content-sha256")]
    public void TryParse_V3RequiredHeaderNotSigned_ReturnsIncompleteSignature(string header)
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers["Authorization"] = headers["Authorization"].Replace(header + ";", string.Empty, StringComparison.Ordinal).Replace(";" + header + ",", ",", StringComparison.Ordinal);

        var error = Verified.ParseError(request.With(headers: headers));

        Assert.Equal("IncompleteSignature", error.Code);
    }

    [Fact]
    public void TryParse_V3SecurityTokenNotSigned_ReturnsIncompleteSignature()
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers["x-acs-security-token"] = "CAIS+token";

        Assert.Equal("IncompleteSignature", Verified.ParseError(request.With(headers: headers)).Code);
    }

    [Fact]
    public void TryParse_V3SignedHeaderAbsent_ReturnsIncompleteSignature()
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers["Authorization"] = headers["Authorization"].Replace("SignedHeaders=host;", "SignedHeaders=accept;host;", StringComparison.Ordinal);

        Assert.Equal("IncompleteSignature", Verified.ParseError(request.With(headers: headers)).Code);
    }

    [Theory]
    [InlineData("x-acs-action", "MissingAction")]
    [InlineData("x-acs-version", "MissingVersion")]
    [InlineData("x-acs-date", "MissingTimestamp")]
    [InlineData("x-acs-signature-nonce", "MissingSignatureNonce")]
    [InlineData("x-acs-content-sha256", "IncompleteSignature")]
    public void TryParse_V3RequiredHeaderAbsent_ReturnsError(string header, string code)
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers.Remove(header);

        Assert.Equal(code, Verified.ParseError(request.With(headers: headers)).Code);
    }

    [Fact]
    public void TryParse_V3BodyHashMismatch_ReturnsContentSha256Error()
    {
        var request = SigningModes.Sign(SigningMode.V3Form, SigningModes.Call(("UserName", "alice"))).ToReceivedRequest();

        var error = Verified.ParseError(request.With(body: Encoding.UTF8.GetBytes("UserName=alicf")));

        Assert.Equal("InvalidParameter.ContentSha256", error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Fact]
    public void TryParse_V3BadDate_ReturnsInvalidTimeStampFormat()
    {
        var request = V3Request();
        var headers = request.CopyHeaders();
        headers["x-acs-date"] = "Thu, 02 Jan 2025 03:04:05 GMT";

        Assert.Equal("InvalidTimeStamp.Format", Verified.ParseError(request.With(headers: headers)).Code);
    }

    [Fact]
    public void TryParse_V3AccessKeyIdHeaderDisagreesWithCredentialUnderToken_ReturnsMismatch()
    {
        var signed = RequestSigner.SignV3(SigningModes.Call(), "STS.Key1", "secret", "h", "n1", SigningModes.At, securityToken: "CAIS");
        var request = signed.ToReceivedRequest();
        var headers = request.CopyHeaders();
        headers["x-acs-accesskey-id"] = "STS.Key2";

        Assert.Equal("InvalidSecurityToken.MismatchWithAccessKey", Verified.ParseError(request.With(headers: headers)).Code);
    }

    [Fact]
    public void TryParse_AuthorizationNotAcs3_FallsBackToV1()
    {
        var request = SigningModes.Sign(SigningMode.V1GetQuery, SigningModes.Call()).ToReceivedRequest();
        var headers = request.CopyHeaders();
        headers["Authorization"] = "Bearer abc";

        var parsed = Verified.Parse(request.With(headers: headers));

        Assert.Equal(SignatureVersion.V1, parsed.SignatureVersion);
    }

    [Theory]
    [InlineData(-16, false)]
    [InlineData(16, false)]
    [InlineData(-15, true)]
    [InlineData(15, true)]
    [InlineData(-14, true)]
    [InlineData(14, true)]
    [InlineData(0, true)]
    public void IsTimestampWithin_FifteenMinuteWindow_BothDirections(int minutesFromNow, bool expected)
    {
        var parsed = Verified.Parse(SigningModes.Sign(SigningMode.V1GetQuery, SigningModes.Call()).ToReceivedRequest());
        var now = SigningModes.At.AddMinutes(-minutesFromNow);

        Assert.Equal(expected, parsed.IsTimestampWithin(now, TimeSpan.FromMinutes(15)));
    }

    private static ReceivedRequest V3Request(string? authorization = null)
    {
        var request = SigningModes.Sign(SigningMode.V3Query, SigningModes.Call(("UserName", "alice"))).ToReceivedRequest();
        if (authorization is null)
        {
            return request;
        }

        var headers = request.CopyHeaders();
        headers["Authorization"] = authorization;
        return request.With(headers: headers);
    }
}
