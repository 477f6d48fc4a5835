using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api;

/// <summary>Issue 9: a nonce is 1 to 128 printable ASCII characters, checked at parse time for every nonce store.</summary>
public sealed class NonceShapeTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Theory]
    [InlineData(129, 'a')]
    [InlineData(4000, 'a')]
    [InlineData(10, '\u00e9')]
    [InlineData(10, '\u0001')]
    [InlineData(10, '\u007f')]
    public async Task V1_MalformedNonce_ReturnsInvalidSignatureNonce(int length, char fill)
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: "n" + new string(fill, length - 1));

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.SignatureNonce");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(128)]
    public async Task V1_NonceAtTheBounds_IsAccepted(int length)
    {
        var key = await factory.CreateAccountAsync();
        var nonce = RequestSigner.NewNonce() + RequestSigner.NewNonce() + RequestSigner.NewNonce() + RequestSigner.NewNonce();

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: nonce[..length])));

        answer.AssertSuccess();
    }

    [Fact]
    public async Task V3_LongNonce_ReturnsInvalidSignatureNonce()
    {
        var key = await factory.CreateAccountAsync();
        var signed = RequestSigner.SignV3(new RpcCall("GetCallerIdentity", ApiClient.Sts, []), key.AccessKeyId, key.AccessKeySecret, "localhost", new string('f', 129), TimeProvider.System.GetUtcNow());

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidParameter.SignatureNonce");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task V3_EmptyNonce_ReturnsMissingSignatureNonce(string nonce)
    {
        var key = await factory.CreateAccountAsync();
        // Signed with a placeholder, then the header is emptied: the shape check comes before the signature.
        var signed = RequestSigner.SignV3(new RpcCall("GetCallerIdentity", ApiClient.Sts, []), key.AccessKeyId, key.AccessKeySecret, "localhost", "placeholder", TimeProvider.System.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, signed.PathAndQuery);
        foreach (var (name, value) in signed.Headers)
        {
            if (name != "host")
            {
                request.Headers.TryAddWithoutValidation(name, name == "x-acs-signature-nonce" ? nonce : value);
            }
        }

        var answer = await ApiAnswer.ReadAsync(await _api.Http.SendAsync(request));

        answer.AssertError(HttpStatusCode.BadRequest, "MissingSignatureNonce");
    }
}
