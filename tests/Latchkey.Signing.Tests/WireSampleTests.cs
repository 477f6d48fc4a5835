namespace Latchkey.Signing.Tests;

/// <summary>Every request of spec/wire-samples.md, rebuilt from its raw HTTP text, verifies.</summary>
public sealed class WireSampleTests
{
    private const string Secret = "testsecret";

    [Fact]
    public void Verify_Sample1PopCoreGet_Accepts()
    {
        var request = RawHttp.Parse("""
            GET /?AccessKeyId=testid&Action=CreateAccessKey&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureNonce=23d50bf6458763b31d4e6d704be0a25e&SignatureVersion=1.0&Timestamp=2026-11-28T05%3A48%3A20Z&UserName=alice&Version=2015-05-01&Signature=7dtG0Ce3JO3w%2Bm2eZd1R8aimh7I%3D HTTP/1.1
            x-sdk-client: Node.js(v20.20.2), @alicloud/pop-core: 1.8.0
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.8.0
            x-acs-action: CreateAccessKey
            x-acs-version: 2015-05-01
            Host: 127.0.0.1:43465
            Connection: keep-alive
            """);

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateAccessKey%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D23d50bf6458763b31d4e6d704be0a25e%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-28T05%253A48%253A20Z%26UserName%3Dalice%26Version%3D2015-05-01",
            parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal(SignatureVersion.V1, parsed.SignatureVersion);
        Assert.Equal("alice", parsed.GetParameter("UserName"));
        Assert.Null(parsed.GetParameter("Signature"));
    }

    [Fact]
    public void Verify_Sample2PopCorePostForm_Accepts()
    {
        var request = RawHttp.Parse("""
            POST / HTTP/1.1
            x-sdk-client: Node.js(v20.20.2), @alicloud/pop-core: 1.8.0
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.8.0
            x-acs-action: CreateUser
            x-acs-version: 2015-05-01
            content-type: application/x-www-form-urlencoded
            Host: 127.0.0.1:43465
            Connection: keep-alive
            Content-Length: 278

            AccessKeyId=testid&Action=CreateUser&DisplayName=Alice%20A.&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureNonce=72b6ad1c9e7b739068333bdd365a0c01&SignatureVersion=1.0&Timestamp=2026-11-28T05%3A48%3A20Z&UserName=alice&Version=2015-05-01&Signature=6VfLzb7meKl25ez8t5Bt1%2BVJ84o%3D
            """);

        var parsed = Verified.Parse(request);

        Assert.Equal(278, request.Body.Length);
        Assert.Equal(
            "POST&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26DisplayName%3DAlice%2520A.%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D72b6ad1c9e7b739068333bdd365a0c01%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-28T05%253A48%253A20Z%26UserName%3Dalice%26Version%3D2015-05-01",
            parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("Alice A.", parsed.GetParameter("DisplayName"));
    }

    [Fact]
    public void Verify_Sample3ProductClientV3_Accepts()
    {
        var request = RawHttp.Parse("""
            POST /?UserName=alice HTTP/1.1
            host: 127.0.0.1:43465
            x-acs-version: 2015-05-01
            x-acs-action: CreateAccessKey
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2
            x-acs-date: 2026-11-28T05:48:20Z
            x-acs-signature-nonce: 965f31d855249f3070e5544ceb020b2cbd12f69cba0acd67750c7d5dd75795c4
            accept: application/json
            x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-credentials-provider: static_ak
            Authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90450d4f22b137af8686706bdc3373e318c94438561a0970b82a83eebb84863c
            Connection: keep-alive
            Content-Length: 0
            """);

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "POST\n/\nUserName=alice\nhost:127.0.0.1:43465\nx-acs-action:CreateAccessKey\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-credentials-provider:static_ak\nx-acs-date:2026-11-28T05:48:20Z\nx-acs-signature-nonce:965f31d855249f3070e5544ceb020b2cbd12f69cba0acd67750c7d5dd75795c4\nx-acs-version:2015-05-01\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            parsed.GetCanonicalString());
        Assert.Equal("ACS3-HMAC-SHA256\nc83a7870bff1482581ca5b4414b8cfc18c1fda7015a588def2b6a7342290a2ac", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("CreateAccessKey", parsed.Action);
        Assert.Null(parsed.Format);
    }

    [Fact]
    public void Verify_Sample4StsGetCallerIdentityV3_Accepts()
    {
        var request = RawHttp.Parse("""
            POST / HTTP/1.1
            host: 127.0.0.1:43465
            x-acs-version: 2015-04-01
            x-acs-action: GetCallerIdentity
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2
            x-acs-date: 2026-11-28T05:48:20Z
            x-acs-signature-nonce: a5b8c2e045c3e77b0e01be5ba2e6458bc995a3949b2f1357a8295de172cbdd2d
            accept: application/json
            x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-credentials-provider: static_ak
            Authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=a39e02c32128bef54946db79c916f079179ef817cbcb42a3e909a2f8cb3cda07
            Connection: keep-alive
            Content-Length: 0
            """);

        var parsed = Verified.Parse(request);

        Assert.Equal("ACS3-HMAC-SHA256\n8fc5f09ac6fc0186db76acbdcde689e91dfcabc0e089688ed3ead6872f5bc842", parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Empty(parsed.Parameters);
    }

    [Fact]
    public void Verify_Sample5ProductClientV1PostQuery_Accepts()
    {
        var request = RawHttp.Parse("""
            POST /?Action=ListAccessKeys&Format=json&Version=2015-05-01&Timestamp=2026-11-28T05%3A48%3A20Z&SignatureNonce=b779b1fb5bd79ef5b68f4563da27070f01da2177bbc8bd5187077563618c1475&UserName=alice&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=testid&Signature=uciN3LNS02VnZzkdb6B1XoTKeSk%3D HTTP/1.1
            host: 127.0.0.1:43465
            x-acs-version: 2015-05-01
            x-acs-action: ListAccessKeys
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2
            x-acs-credentials-provider: static_ak
            Connection: keep-alive
            Content-Length: 0
            """);

        var parsed = Verified.Parse(request);

        Assert.Equal(
            "POST&%2F&AccessKeyId%3Dtestid%26Action%3DListAccessKeys%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Db779b1fb5bd79ef5b68f4563da27070f01da2177bbc8bd5187077563618c1475%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-28T05%253A48%253A20Z%26UserName%3Dalice%26Version%3D2015-05-01",
            parsed.GetStringToSign());
        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("JSON", parsed.Format);
    }

    [Fact]
    public void Verify_Sample6GenericClientFormBodyV3_Accepts()
    {
        var request = RawHttp.Parse("""
            POST / HTTP/1.1
            host: 127.0.0.1:43465
            x-acs-version: 2015-05-01
            x-acs-action: GetUser
            user-agent: AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/1
            x-acs-date: 2026-11-28T05:48:20Z
            x-acs-signature-nonce: f04f6fe7a847f54cd0b9646df15edb5f
            accept: application/json
            content-type: application/x-www-form-urlencoded
            x-acs-content-sha256: 014eae2cc43be2bf5e26d383796172219170845a4e865773e548a2d166b8ef3b
            x-acs-credentials-provider: static_ak
            Authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=859c00e411bed47452f4dd58ae3eab7ca4c1a4b0a62b579cea648002d2693fad
            Connection: keep-alive
            Transfer-Encoding: chunked

            UserName=alice&Comments=a%20b%2Bc%26d%3De!'()*~%20%C3%A9
            """);

        var parsed = Verified.Parse(request);

        Assert.Null(parsed.VerifyBoth(Secret));
        Assert.Equal("alice", parsed.GetParameter("UserName"));
        Assert.Equal("a b+c&d=e!'()*~ é", parsed.GetParameter("Comments"));
        Assert.Equal("GetUser", parsed.Action);
    }
}
