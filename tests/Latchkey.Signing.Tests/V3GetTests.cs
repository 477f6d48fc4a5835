namespace Latchkey.Signing.Tests;

/// <summary>V3 over GET: the parameters travel in the query and the canonical request names GET.</summary>
public sealed class V3GetTests
{
    [Fact]
    public void SignV3_Get_VerifiesAsGet()
    {
        var signed = RequestSigner.SignV3(SigningModes.Call(("UserName", "alice"), ("Comments", "a b+c")), SigningModes.KeyId, SigningModes.Secret, "127.0.0.1:8080", "5f0c3b9e2a7d4e6f8a1b2c3d4e5f6a7b", SigningModes.At, method: "GET");

        var parsed = Verified.Parse(signed.ToReceivedRequest());

        Assert.Equal("GET", signed.Method);
        Assert.True(signed.Body.IsEmpty);
        Assert.StartsWith("/?", signed.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("GET\n", parsed.GetCanonicalString(), StringComparison.Ordinal);
        Assert.Null(parsed.Verify(SigningModes.Secret));
        Assert.Equal("alice", parsed.GetParameter("UserName"));
    }

    [Fact]
    public void SignV3_GetSentAsPost_DoesNotMatch()
    {
        var signed = RequestSigner.SignV3(SigningModes.Call(("UserName", "alice")), SigningModes.KeyId, SigningModes.Secret, "127.0.0.1:8080", "5f0c3b9e2a7d4e6f8a1b2c3d4e5f6a7b", SigningModes.At, method: "GET");
        var received = signed.ToReceivedRequest();
        var asPost = new ReceivedRequest("POST", received.Path, received.QueryString, received.Headers, received.Body, received.ContentType);

        var error = Verified.Parse(asPost).Verify(SigningModes.Secret);

        Assert.Equal("SignatureDoesNotMatch", error?.Code);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PUT", false)]
    [InlineData("get", false)]
    public void SignV3_UnsupportedMethodOrGetWithBody_Throws(string method, bool parametersInBody) =>
        Assert.Throws<ArgumentException>(() => RequestSigner.SignV3(SigningModes.Call(), SigningModes.KeyId, SigningModes.Secret, "h", "n", SigningModes.At, parametersInBody, method: method));
}
