using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api;

public sealed class SignatureTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task V1_ValidSignature_Succeeds(string method)
    {
        var key = await factory.CreateAccountAsync();

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, method: method)));

        Assert.Equal(key.AccountId, answer.AssertSuccess().GetProperty("AccountId").GetString());
    }

    [Fact]
    public async Task V1_PostQueryWithEmptyBody_Succeeds()
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, method: "POST");
        var query = System.Text.Encoding.ASCII.GetString(signed.Body.Span);

        // openapi-core in V1 mode: POST with every parameter, Signature included, in the query.
        var answer = await ApiAnswer.ReadAsync(await _api.Http.PostAsync("/?" + query, null));

        answer.AssertSuccess();
    }

    [Fact]
    public async Task V3_ValidSignature_Succeeds()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV3(key, "GetCallerIdentity", ApiClient.Sts)));

        Assert.Equal("Account", answer.AssertSuccess().GetProperty("IdentityType").GetString());
    }

    [Fact]
    public async Task V1_GetSignatureReplayedAsPost_ReturnsSignatureDoesNotMatch()
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, method: "GET");

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(signed, methodOverride: "POST"));

        answer.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        Assert.Contains("server string to sign is:POST&%2F&", answer.Json.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_SameNonceTwice_ReturnsSignatureNonceUsed()
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts);

        var first = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));
        var second = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));

        first.AssertSuccess();
        second.AssertError(HttpStatusCode.BadRequest, "SignatureNonceUsed");
    }

    [Fact]
    public async Task V1_ForgedSignature_DoesNotBurnTheNonce()
    {
        var key = await factory.CreateAccountAsync();
        var nonce = RequestSigner.NewNonce();
        var now = TimeProvider.System.GetUtcNow();
        var forged = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: nonce, timestamp: now, secret: "not-the-secret");
        var genuine = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, nonce: nonce, timestamp: now);

        var rejected = await ApiAnswer.ReadAsync(await _api.SendAsync(forged));
        var accepted = await ApiAnswer.ReadAsync(await _api.SendAsync(genuine));

        rejected.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        accepted.AssertSuccess();
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task V1_TimestampOutsideWindow_ReturnsExpired(int minutes)
    {
        var key = await factory.CreateAccountAsync();
        var signed = ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, timestamp: TimeProvider.System.GetUtcNow().AddMinutes(minutes));

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(signed));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired");
    }

    [Fact]
    public async Task V3_StaleTimestamp_ReturnsExpired()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV3(key, "GetCallerIdentity", ApiClient.Sts, timestamp: TimeProvider.System.GetUtcNow().AddMinutes(-20))));

        answer.AssertError(HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired");
    }

    [Fact]
    public async Task WrongSecret_ReturnsSignatureDoesNotMatch()
    {
        var key = await factory.CreateAccountAsync();

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, secret: "WrongSecretWrongSecretWrongSe")));

        answer.AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
    }

    [Fact]
    public async Task UnknownKey_ReturnsAccessKeyNotFound()
    {
        var key = await factory.CreateAccountAsync();
        var stranger = key with { AccessKeyId = "LTAI5tNoSuchKeyAnywhere1" };

        var answer = await ApiAnswer.ReadAsync(await _api.SendAsync(ApiClient.SignV1(stranger, "GetCallerIdentity", ApiClient.Sts)));

        answer.AssertError(HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound");
    }
}
