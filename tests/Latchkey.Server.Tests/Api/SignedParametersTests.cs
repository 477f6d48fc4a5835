using System.Net;
using System.Text;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api;

/// <summary>
/// DESIGN invariant 6 (issue 9): a handler acts only on what was signed. Each test sends a request
/// signed without some parameter and then adds that parameter where the signature does not reach,
/// through the real HTTP pipeline; none of them may make the handler act on it.
/// </summary>
public sealed class SignedParametersTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Theory]
    [InlineData("application/x-www-form-urlencodedX")]
    [InlineData("application/x-www-form-urlencoded-evil")]
    [InlineData("application/x-www-form-urlencoded,text/plain")]
    [InlineData("application/x-www-form-urlencoded2; charset=utf-8")]
    [InlineData("text/plain")]
    public async Task V1_SignedQueryWithUnsignedBody_NeverActsOnTheBody(string contentType)
    {
        var account = await factory.CreateAccountAsync();
        var victim = "victim-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        // Signed over the query alone: CreateAccessKey without UserName, for the caller itself.
        var signed = ApiClient.SignV1(account, "CreateAccessKey", ApiClient.Ram, method: "POST");
        var query = Encoding.ASCII.GetString(signed.Body.Span);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?" + query)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("UserName=" + victim)),
        };
        Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType));

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        var keys = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        Assert.Equal(0, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
        // The unsigned body is refused outright: it is neither read nor silently dropped.
        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("Application/X-WWW-Form-URLEncoded")]
    public async Task V1_SignedFormBody_IsActedOn(string contentType)
    {
        var account = await factory.CreateAccountAsync();
        var user = "user-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", user))).AssertSuccess();
        var signed = ApiClient.SignV1(account, "CreateAccessKey", ApiClient.Ram, [KeyValuePair.Create("UserName", user)], method: "POST");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(signed.Body.ToArray()) };
        Assert.True(request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType));

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        answer.AssertSuccess();
        var keys = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", user))).AssertSuccess();
        Assert.Equal(1, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task V1_SignedQueryPlusUnsignedFormParameter_ReturnsSignatureDoesNotMatch()
    {
        var account = await factory.CreateAccountAsync();
        var victim = "victim-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        var signed = ApiClient.SignV1(account, "CreateAccessKey", ApiClient.Ram, method: "POST");
        var query = Encoding.ASCII.GetString(signed.Body.Span);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?" + query)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("UserName=" + victim)),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        answer.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        var keys = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        Assert.Equal(0, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task V3_FormBodyWithUnsignedContentType_ReturnsIncompleteSignature()
    {
        var account = await factory.CreateAccountAsync();
        var victim = "victim-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        // The body bytes are covered by x-acs-content-sha256, but nothing signed says they are a form.
        var body = Encoding.ASCII.GetBytes("UserName=" + victim);
        var signed = RequestSigner.SignV3Request(
            "POST", "/", body, contentType: null, "CreateAccessKey", ApiClient.Ram, account.AccessKeyId, account.AccessKeySecret, "localhost", RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        answer.AssertError(HttpStatusCode.BadRequest, "IncompleteSignature");
        var keys = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        Assert.Equal(0, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task V3_FormBodyWithSignedContentType_IsActedOn()
    {
        var account = await factory.CreateAccountAsync();
        var user = "user-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", user))).AssertSuccess();
        var signed = RequestSigner.SignV3(
            new RpcCall("CreateAccessKey", ApiClient.Ram, [KeyValuePair.Create("UserName", user)]), account.AccessKeyId, account.AccessKeySecret, "localhost", RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), parametersInBody: true);

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));

        answer.AssertSuccess();
        var keys = (await _api.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", user))).AssertSuccess();
        Assert.Equal(1, keys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());
    }

    [Fact]
    public async Task V3_UnsignedQueryParameter_ReturnsSignatureDoesNotMatch()
    {
        var account = await factory.CreateAccountAsync();
        var victim = "victim-" + Guid.NewGuid().ToString("N")[..8];
        (await _api.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", victim))).AssertSuccess();
        var signed = ApiClient.SignV3(account, "CreateAccessKey", ApiClient.Ram);
        using var request = new HttpRequestMessage(HttpMethod.Post, signed.PathAndQuery + (signed.PathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "UserName=" + victim);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        answer.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
    }
}
