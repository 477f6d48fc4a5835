namespace Latchkey.Signing.Tests;

/// <summary>Whatever the client signs, the server verifies, in every placement both SDK families use.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<SigningMode, string> Cases()
    {
        var data = new TheoryData<SigningMode, string>();
        foreach (var mode in Enum.GetValues<SigningMode>())
        {
            foreach (var set in ParameterSets.Keys)
            {
                data.Add(mode, set);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, (string Name, string Value)[]> ParameterSets = new()
    {
        ["plain"] = [("UserName", "alice"), ("DisplayName", "Alice A."), ("Comments", "hello")],
        ["unicode"] = [("UserName", "zhang"), ("DisplayName", "张三 é ü 😀"), ("Comments", "阿里云短信测试专用")],
        ["empty values"] = [("UserName", "bob"), ("SignatureType", ""), ("Comments", "")],
        ["reserved characters"] = [("Comments", "!'()*~+&=%/ ?#[]@$,;:\"<>\\^`{|}"), ("Name&=", "v=1&w=2"), ("Plus", "a+b c%20d")],
        ["repeated names"] = [("Tag", "b"), ("Tag", "a"), ("Tag", "a"), ("UserName", "carol")],
        ["no parameters"] = [],
        ["large value"] = [("Policy", new string('x', 4096) + string.Concat(Enumerable.Repeat("{\"k\": \"v é\"}", 350))), ("UserName", "dave")],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_SignedByRequestSigner_Accepts(SigningMode mode, string set)
    {
        var call = SigningModes.Call(ParameterSets[set]);
        var signed = SigningModes.Sign(mode, call);

        var parsed = Verified.Parse(signed.ToReceivedRequest());

        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
        Assert.Equal(signed.StringToSign, parsed.GetStringToSign());
        Assert.Equal("CreateUser", parsed.Action);
        Assert.Equal("2015-05-01", parsed.Version);
        Assert.Equal(SigningModes.KeyId, parsed.AccessKeyId);
        Assert.Equal(SigningModes.At, parsed.Timestamp);
        var business = parsed.Parameters.Where(p => ParameterSets[set].Any(s => s.Name == p.Key)).ToList();
        Assert.Equal(ParameterSets[set].Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), business);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_QueryWithItsQuestionMark_ReadsTheSameAsWithout(SigningMode mode, string set)
    {
        // A server hands the query over as received ("?a=1"), so the parse need not copy it.
        var received = SigningModes.Sign(mode, SigningModes.Call(ParameterSets[set])).ToReceivedRequest();
        var withMark = new ReceivedRequest(received.Method, received.Path, received.QueryString is { } q ? "?" + q : null, received.Headers, received.Body, received.ContentType);

        var plain = ParsedRequest.Parse(received);
        var marked = ParsedRequest.Parse(withMark);

        Assert.Null(marked.Error);
        Assert.Equal(plain.Parameters, marked.Parameters);
        Assert.Equal(plain.GetStringToSign(), marked.GetStringToSign());
        Assert.Null(marked.Verify(SigningModes.Secret));
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Query)]
    [InlineData(SigningMode.V3Form)]
    public void Verify_WrongSecret_ReturnsSignatureDoesNotMatchWithStringToSign(SigningMode mode)
    {
        var signed = SigningModes.Sign(mode, SigningModes.Call(("UserName", "alice")));
        var parsed = Verified.Parse(signed.ToReceivedRequest());

        var error = parsed.VerifyBoth("AnotherSecretAnotherSecret0001");

        Assert.NotNull(error);
        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("Specified signature is not matched with our calculation. server string to sign is:" + signed.StringToSign, error.Message);
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Query)]
    public void Verify_StsToken_IsSignedAndExposed(SigningMode mode)
    {
        var signed = SigningModes.Sign(mode, SigningModes.Call(("UserName", "alice")), securityToken: "CAIS+token/with=chars");

        var parsed = Verified.Parse(signed.ToReceivedRequest());

        Assert.Null(parsed.VerifyBoth(SigningModes.Secret));
        Assert.Equal("CAIS+token/with=chars", parsed.SecurityToken);
    }

    [Fact]
    public void SignV1_PostForm_MatchesSpecVectorD()
    {
        var call = new RpcCall("CreateUser", "2015-05-01", [new("UserName", "alice.w"), new("DisplayName", "Alice W 张"), new("Comments", "it's (ok)! *~")]);

        var signed = RequestSigner.SignV1(call, "LTAI5tExampleKeyId000001", "ExampleSecretExampleSecret0001", "POST", V1Placement.Form, "c3d9a6a0-5b7e-4c1e-9f1a-2b7f0a6e8d11", SigningModes.At);

        Assert.Contains("Signature=GidjZO4uugpP39%2F6f6TpDR3LCH0%3D", System.Text.Encoding.UTF8.GetString(signed.Body.Span), StringComparison.Ordinal);
        Assert.Equal("/", signed.PathAndQuery);
        Assert.Equal("application/x-www-form-urlencoded", signed.ContentType);
    }

    [Fact]
    public void SignV3_Query_MatchesSpecVectorA()
    {
        var call = new RpcCall("RunInstances", "2014-05-26", [new("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), new("RegionId", "cn-shanghai")]);

        var signed = RequestSigner.SignV3(call, "YourAccessKeyId", "YourAccessKeySecret", "ecs.cn-shanghai.aliyuncs.com", "3156853299f313e23d1673dc12e1703d", new DateTimeOffset(2023, 10, 26, 10, 22, 32, TimeSpan.Zero));

        Assert.Equal(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
            signed.Headers.Single(h => h.Key == "Authorization").Value);
        Assert.Equal("POST", signed.Method);
    }

    [Fact]
    public void SignV1_FormWithGet_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            RequestSigner.SignV1(SigningModes.Call(), "id", "secret", "GET", V1Placement.Form, "n", SigningModes.At));
    }

    [Fact]
    public void NewNonce_Is32HexCharactersAndFresh()
    {
        var first = RequestSigner.NewNonce();

        Assert.Equal(32, first.Length);
        Assert.All(first, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        Assert.NotEqual(first, RequestSigner.NewNonce());
    }
}
