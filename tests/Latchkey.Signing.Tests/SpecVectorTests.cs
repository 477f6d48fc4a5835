using System.Text;

namespace Latchkey.Signing.Tests;

/// <summary>Every worked example of spec §5.3, §6.3 and §16 verifies byte for byte.</summary>
public sealed class SpecVectorTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly (string Name, string Value)[] ExampleA =
    [
        ("AccessKeyId", "testid"), ("Action", "DescribeRegions"), ("Format", "XML"), ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"), ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"), ("Version", "2014-05-26"),
    ];

    private static readonly (string Name, string Value)[] ExampleD =
    [
        ("AccessKeyId", "LTAI5tExampleKeyId000001"), ("Action", "CreateUser"), ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"), ("SignatureNonce", "c3d9a6a0-5b7e-4c1e-9f1a-2b7f0a6e8d11"),
        ("SignatureVersion", "1.0"), ("Timestamp", "2025-01-02T03:04:05Z"), ("Version", "2015-05-01"),
        ("UserName", "alice.w"), ("DisplayName", "Alice W 张"), ("Comments", "it's (ok)! *~"),
    ];

    private static readonly (string Name, string Value)[] ExampleE =
    [
        ("AccessKeyId", "STS.NTestKeyId00000000001"), ("Action", "GetCallerIdentity"), ("Format", "JSON"),
        ("RegionId", "cn-hangzhou"), ("SecurityToken", "CAIS+token/with=chars"), ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "0f8e6c1a-1111-2222-3333-444455556666"), ("SignatureType", ""), ("SignatureVersion", "1.0"),
        ("Timestamp", "2025-01-02T03:04:05Z"), ("Version", "2015-04-01"),
    ];

    [Fact]
    public void Verify_V1SampleFromSpec_Accepts()
    {
        var request = V1Get(ExampleA, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
            parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("testsecret"));
        Assert.Equal(SignatureVersion.V1, parsed.SignatureVersion);
        Assert.Equal("testid", parsed.AccessKeyId);
        Assert.Equal("DescribeRegions", parsed.Action);
        Assert.Equal("XML", parsed.Format);
        Assert.Equal(new DateTimeOffset(2016, 2, 23, 12, 46, 24, TimeSpan.Zero), parsed.Timestamp);
    }

    [Fact]
    public void Verify_V1OldTimeStampSpellingFromSpec_Accepts()
    {
        // V1-A': the old doc's "TimeStamp" is just another signed parameter; "Timestamp" is still required.
        var parameters = ExampleA.Select(p => p.Name == "Timestamp" ? ("TimeStamp", p.Value) : p).ToArray();
        var request = V1Get(parameters, "CT9X0VtwR86fNWSnsc6v8YGOjuE=");

        Assert.Equal("MissingTimestamp", Verified.ParseError(request).Code);

        var withTimestamp = V1Get([.. parameters, ("Timestamp", "2016-02-23T12:46:24Z")], "unused");
        var parsed = Verified.Parse(withTimestamp);
        Assert.Contains("TimeStamp%3D2016-02-23T12%253A46%253A24Z", parsed.GetStringToSign(), StringComparison.Ordinal);
        Assert.Equal(
            "CT9X0VtwR86fNWSnsc6v8YGOjuE=",
            TestSigning.V1Signature("testsecret", "GET", parameters));
    }

    [Fact]
    public void Verify_V1DescribeDedicatedHostsFromSpec_Accepts()
    {
        var request = V1Get(
            [
                ("AccessKeyId", "testid"), ("Action", "DescribeDedicatedHosts"), ("Format", "JSON"), ("RegionId", "cn-beijing"),
                ("SignatureMethod", "HMAC-SHA1"), ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
                ("SignatureVersion", "1.0"), ("Timestamp", "2023-03-13T08:34:30Z"), ("Version", "2014-05-26"),
            ],
            "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");

        Assert.Null(Verified.Check(request, "testsecret"));
    }

    [Fact]
    public void Verify_V1NonAsciiSmsSampleFromSpec_Accepts()
    {
        var request = V1Get(
            [
                ("AccessKeyId", "testId"), ("Action", "SendSms"), ("Format", "XML"), ("OutId", "123"),
                ("PhoneNumbers", "15300000001"), ("RegionId", "cn-hangzhou"), ("SignName", "阿里云短信测试专用"),
                ("SignatureMethod", "HMAC-SHA1"), ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
                ("SignatureVersion", "1.0"), ("TemplateCode", "SMS_71390007"), ("TemplateParam", "{\"customer\":\"test\"}"),
                ("Timestamp", "2017-07-12T02:42:19Z"), ("Version", "2017-05-25"),
            ],
            "zJDF+Lrzhj/ThnlvIToysFRq6t4=");

        Assert.Null(Verified.Check(request, "testSecret"));
    }

    [Fact]
    public void Verify_V1PostFormVectorD_MatchesCanonicalStringAndSignature()
    {
        var request = V1Form(ExampleD, "GidjZO4uugpP39/6f6TpDR3LCH0=");

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "AccessKeyId=LTAI5tExampleKeyId000001&Action=CreateUser&Comments=it%27s%20%28ok%29%21%20%2A~&DisplayName=Alice%20W%20%E5%BC%A0&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureNonce=c3d9a6a0-5b7e-4c1e-9f1a-2b7f0a6e8d11&SignatureVersion=1.0&Timestamp=2025-01-02T03%3A04%3A05Z&UserName=alice.w&Version=2015-05-01",
            parsed.GetCanonicalString());
        Assert.Equal(
            "POST&%2F&AccessKeyId%3DLTAI5tExampleKeyId000001%26Action%3DCreateUser%26Comments%3Dit%2527s%2520%2528ok%2529%2521%2520%252A~%26DisplayName%3DAlice%2520W%2520%25E5%25BC%25A0%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dc3d9a6a0-5b7e-4c1e-9f1a-2b7f0a6e8d11%26SignatureVersion%3D1.0%26Timestamp%3D2025-01-02T03%253A04%253A05Z%26UserName%3Dalice.w%26Version%3D2015-05-01",
            parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("ExampleSecretExampleSecret0001"));
        Assert.Equal("Alice W 张", parsed.GetParameter("DisplayName"));
    }

    [Fact]
    public void Verify_V1StsTokenAndEmptyParameterVectorE_Accepts()
    {
        var request = V1Query("POST", ExampleE, "ypDZsV3r+iCDMQ5OHvH+t2XcrWY=");

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "AccessKeyId=STS.NTestKeyId00000000001&Action=GetCallerIdentity&Format=JSON&RegionId=cn-hangzhou&SecurityToken=CAIS%2Btoken%2Fwith%3Dchars&SignatureMethod=HMAC-SHA1&SignatureNonce=0f8e6c1a-1111-2222-3333-444455556666&SignatureType=&SignatureVersion=1.0&Timestamp=2025-01-02T03%3A04%3A05Z&Version=2015-04-01",
            parsed.GetCanonicalString());
        Assert.Null(parsed.VerifyBoth("StsSecretStsSecretStsSecret001"));
        Assert.Equal("CAIS+token/with=chars", parsed.SecurityToken);
        Assert.Equal(string.Empty, parsed.GetParameter("SignatureType"));
    }

    [Fact]
    public void Verify_V3OfficialRunInstancesExample_Accepts()
    {
        const string canonical = "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var request = V3(
            "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
            new()
            {
                ["host"] = "ecs.cn-shanghai.aliyuncs.com",
                ["x-acs-action"] = "RunInstances",
                ["x-acs-content-sha256"] = EmptySha256,
                ["x-acs-date"] = "2023-10-26T10:22:32Z",
                ["x-acs-signature-nonce"] = "3156853299f313e23d1673dc12e1703d",
                ["x-acs-version"] = "2014-05-26",
            },
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

        var parsed = Verified.Parse(request);

        Assert.Equal(canonical, parsed.GetCanonicalString());
        Assert.Equal("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("YourAccessKeySecret"));
        Assert.Equal(SignatureVersion.V3, parsed.SignatureVersion);
        Assert.Equal("YourAccessKeyId", parsed.AccessKeyId);
        Assert.Equal("RunInstances", parsed.Action);
        Assert.Equal("2014-05-26", parsed.Version);
        Assert.Equal("3156853299f313e23d1673dc12e1703d", parsed.SignatureNonce);
        Assert.Equal("cn-shanghai", parsed.GetParameter("RegionId"));
    }

    [Fact]
    public void Verify_V3NodeSdkVectorB_Accepts()
    {
        var request = V3(
            "UserName=alice.w",
            new()
            {
                ["host"] = "127.0.0.1:8080",
                ["x-acs-action"] = "CreateAccessKey",
                ["x-acs-content-sha256"] = EmptySha256,
                ["x-acs-credentials-provider"] = "static_ak",
                ["x-acs-date"] = "2025-01-02T03:04:05Z",
                ["x-acs-signature-nonce"] = "5f0c3b9e2a7d4e6f8a1b2c3d4e5f6a7b",
                ["x-acs-version"] = "2015-05-01",
                ["user-agent"] = "AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2",
                ["accept"] = "application/json",
            },
            "ACS3-HMAC-SHA256 Credential=LTAI5tExampleKeyId000001,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=ae3febf135373bbd94fa9035559d7628070615bdf41635911df9cc78289e5a4c");

        var parsed = Verified.Parse(request);

        Assert.Equal("ACS3-HMAC-SHA256\nb92ca81039c1730e88710046b7a13ef383266b547be41a7484f3ea455cf83694", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("ExampleSecretExampleSecret0001"));
    }

    [Fact]
    public void Verify_V3StsTokenAndSpecialCharactersVectorC_Accepts()
    {
        const string canonical = "POST\n/\nComments=it%27s%20%28ok%29%21&UserName=a%20b%2A~\nhost:ram.example.internal\nx-acs-accesskey-id:STS.NTestKeyId00000000001\nx-acs-action:UpdateUser\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2025-01-02T03:04:05Z\nx-acs-security-token:CAIS+token/with=chars\nx-acs-signature-nonce:00000000000000000000000000000001\nx-acs-version:2015-05-01\n\nhost;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var request = V3(
            "Comments=it%27s%20(ok)!&UserName=a%20b*~",
            new()
            {
                ["host"] = "ram.example.internal",
                ["x-acs-accesskey-id"] = "STS.NTestKeyId00000000001",
                ["x-acs-action"] = "UpdateUser",
                ["x-acs-content-sha256"] = EmptySha256,
                ["x-acs-date"] = "2025-01-02T03:04:05Z",
                ["x-acs-security-token"] = "CAIS+token/with=chars",
                ["x-acs-signature-nonce"] = "00000000000000000000000000000001",
                ["x-acs-version"] = "2015-05-01",
            },
            "ACS3-HMAC-SHA256 Credential=STS.NTestKeyId00000000001,SignedHeaders=host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=03fe1c5b9ef2dc5b6e1369230c77a7424356ee299f7085687549bac2f7c2d07c");

        var parsed = Verified.Parse(request);

        Assert.Equal(canonical, parsed.GetCanonicalString());
        Assert.Equal("ACS3-HMAC-SHA256\n59b9b74047584c8fe8a6e43b75bc6906e86916e445b0e187f0ba149469f3c4df", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("StsSecretStsSecretStsSecret001"));
        Assert.Equal("CAIS+token/with=chars", parsed.SecurityToken);
        Assert.Equal("a b*~", parsed.GetParameter("UserName"));
    }

    [Fact]
    public void Verify_V3FormBodyVectorD_Accepts()
    {
        var body = Encoding.UTF8.GetBytes("NewComments=hello%20world&UserName=bob");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = "application/x-www-form-urlencoded",
            ["host"] = "127.0.0.1:8080",
            ["x-acs-action"] = "UpdateUser",
            ["x-acs-content-sha256"] = "c37c60cedfe48aabeeb834ea015725456cdac74cd38ec2a42e6ee22e956ffed0",
            ["x-acs-date"] = "2025-01-02T03:04:05Z",
            ["x-acs-signature-nonce"] = "00000000000000000000000000000002",
            ["x-acs-version"] = "2015-05-01",
            ["Authorization"] = "ACS3-HMAC-SHA256 Credential=LTAI5tExampleKeyId000001,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=9ea6ec81718fcd9009e8470cab071f537fbb9ccb3f45eaa47b0a811805d913ef",
        };
        var request = new ReceivedRequest("POST", "/", null, headers, body, "application/x-www-form-urlencoded");

        var parsed = Verified.Parse(request);

        Assert.Equal("ACS3-HMAC-SHA256\n54ee69bc44b1074996bb736b20b4568b0e7421cbcb8e7331f9c470ce61515c42", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth("ExampleSecretExampleSecret0001"));
        Assert.Equal("hello world", parsed.GetParameter("NewComments"));
        Assert.Equal("bob", parsed.GetParameter("UserName"));
    }

    internal static string Encode((string Name, string Value)[] parameters, string? signature) =>
        string.Join('&', parameters.Select(p => Rfc3986.Encode(p.Name) + "=" + Rfc3986.Encode(p.Value)))
        + (signature is null ? string.Empty : "&Signature=" + Rfc3986.Encode(signature));

    internal static ReceivedRequest V1Get((string Name, string Value)[] parameters, string signature) =>
        V1Query("GET", parameters, signature);

    internal static ReceivedRequest V1Query(string method, (string Name, string Value)[] parameters, string signature) =>
        new(method, "/", Encode(parameters, signature), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), ReadOnlyMemory<byte>.Empty, null);

    internal static ReceivedRequest V1Form((string Name, string Value)[] parameters, string signature) =>
        new("POST", "/", null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetBytes(Encode(parameters, signature)), "application/x-www-form-urlencoded");

    private static ReceivedRequest V3(string query, Dictionary<string, string> headers, string authorization)
    {
        var all = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) { ["Authorization"] = authorization };
        return new ReceivedRequest("POST", "/", query, all, ReadOnlyMemory<byte>.Empty, null);
    }
}
