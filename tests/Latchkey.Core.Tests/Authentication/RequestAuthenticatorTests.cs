using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authentication;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Signing;

namespace Latchkey.Core.Tests.Authentication;

public sealed class RequestAuthenticatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RpcCall GetCallerIdentity = new("GetCallerIdentity", "2015-04-01", []);

    private static ReceivedRequest SignV1(string accessKeyId, string secret, DateTimeOffset timestamp, string? nonce = null, V1Placement placement = V1Placement.Query) =>
        RequestSigner.SignV1(GetCallerIdentity, accessKeyId, secret, placement == V1Placement.Form ? "POST" : "GET", placement, nonce ?? RequestSigner.NewNonce(), timestamp).ToReceivedRequest();

    private static ReceivedRequest SignV3(string accessKeyId, string secret, DateTimeOffset timestamp, string? nonce = null) =>
        RequestSigner.SignV3(GetCallerIdentity, accessKeyId, secret, "sts.example.test", nonce ?? RequestSigner.NewNonce(), timestamp).ToReceivedRequest();

    private static ReceivedRequest SignV1(CreatedAccessKey key, DateTimeOffset timestamp, string? nonce = null) =>
        SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), timestamp, nonce);

    [Theory]
    [InlineData(V1Placement.Query)]
    [InlineData(V1Placement.Form)]
    public async Task Authenticate_ValidV1_ReturnsThePrincipal(V1Placement placement)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow(), placement: placement), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(user.UserId, result.Value.Principal.UserId);
        Assert.Equal("alice", result.Value.Principal.UserName);
        Assert.Equal(key.Key.AccessKeyId, result.Value.Principal.AccessKeyId);
        Assert.Equal("GetCallerIdentity", result.Value.Request.Action);
        Assert.Equal(SignatureVersion.V1, result.Value.Request.SignatureVersion);
    }

    [Fact]
    public async Task Authenticate_ValidV3_ReturnsTheAccountPrincipal()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV3(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.True(result.Value.Principal.IsAccount);
        Assert.Equal(account.AccountId, result.Value.Principal.AccountId);
        Assert.Equal(SignatureVersion.V3, result.Value.Request.SignatureVersion);
    }

    [Fact]
    public async Task Authenticate_WrongSecret_ReturnsSignatureDoesNotMatch()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();

        var v1 = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, AccessKeyIdFormat.NewSecret().Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);
        var v3 = await authenticator.AuthenticateAsync(SignV3(key.Key.AccessKeyId, AccessKeyIdFormat.NewSecret().Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.Equal("SignatureDoesNotMatch", v1.Error?.Code);
        Assert.Equal("SignatureDoesNotMatch", v3.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_UnknownWellFormedKey_ReturnsNotFound()
    {
        using var h = new CoreHarness();

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(AccessKeyIdFormat.NewAccessKeyId("LK"), "secret", h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.Equal(Errors.AccessKey.NotFound, result.Error);
        Assert.Equal(1, h.Store.FindAccessKeyCalls);
    }

    [Theory]
    [InlineData("LTAI5tAlibabaLooksLikeThis")]
    [InlineData("LKtooShort")]
    [InlineData("LK0000000000000000000000")]
    public async Task Authenticate_MalformedKeyId_ReturnsNotFoundWithoutTouchingTheStore(string accessKeyId)
    {
        using var h = new CoreHarness();

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(accessKeyId, "secret", h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.Equal(Errors.AccessKey.NotFound, result.Error);
        Assert.Equal(0, h.Store.FindAccessKeyCalls);
    }

    [Fact]
    public async Task Authenticate_CachedKey_ReadsNoStoreAgain_AndAnIdOneCharacterOff_IsStillRefusedUnread()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        Assert.True((await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None)).IsSuccess);
        var reads = h.Store.FindAccessKeyCalls;

        // The cached key takes the short path (no checksum, no known-id set, no store).
        Assert.True((await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None)).IsSuccess);
        Assert.Equal(reads, h.Store.FindAccessKeyCalls);

        // An id the cache does not hold still goes through the checksum first.
        var id = key.Key.AccessKeyId;
        var neighbour = id[..^1] + (id[^1] == 'A' ? 'B' : 'A');
        var refused = await authenticator.AuthenticateAsync(SignV1(neighbour, key.Secret.Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);
        Assert.Equal(Errors.AccessKey.NotFound, refused.Error);
        Assert.Equal(reads, h.Store.FindAccessKeyCalls);
    }

    [Fact]
    public async Task Authenticate_InactiveKey_ReturnsInactive_OnTheVeryNextRequest()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        Assert.True((await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None)).IsSuccess);

        await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, "Inactive", None);
        var inactive = await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None);
        await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, "Active", None);
        var active = await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.Equal(Errors.AccessKey.Inactive, inactive.Error);
        Assert.True(active.IsSuccess);
    }

    [Fact]
    public async Task Authenticate_DeletedKey_FailsOnTheVeryNextRequest()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        Assert.True((await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None)).IsSuccess);

        await h.Keys.DeleteAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, None);
        var result = await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.Equal(Errors.AccessKey.NotFound, result.Error);
    }

    [Fact]
    public async Task Authenticate_NewKeyAfterRecentMiss_VerifiesImmediately()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var authenticator = h.Get<RequestAuthenticator>();
        var cache = h.Get<AccessKeyCache>();

        var key = await h.NewKeyAsync(account);
        cache.Invalidate(key.Key.AccessKeyId);
        var result = await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task Authenticate_TimestampOutsideWindow_ReturnsExpired(int minutes)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var signedAt = h.Time.GetUtcNow().AddMinutes(minutes);

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(key, signedAt), "192.0.2.1", None);

        Assert.Equal("InvalidTimeStamp.Expired", result.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_TimestampInsideWindow_IsAccepted()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var signedAt = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromMinutes(14));

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(key, signedAt), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_ReplayedNonce_ReturnsNonceUsed()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var request = SignV1(key, h.Time.GetUtcNow());

        var first = await authenticator.AuthenticateAsync(request, "192.0.2.1", None);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var replay = await authenticator.AuthenticateAsync(request, "192.0.2.1", None);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var late = await authenticator.AuthenticateAsync(request, "192.0.2.1", None);

        Assert.True(first.IsSuccess);
        Assert.Equal("SignatureNonceUsed", replay.Error?.Code);
        Assert.Equal("InvalidTimeStamp.Expired", late.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_BadSignature_DoesNotBurnTheNonce()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var nonce = RequestSigner.NewNonce();

        var forged = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, AccessKeyIdFormat.NewSecret().Reveal(), h.Time.GetUtcNow(), nonce), "192.0.2.1", None);
        var genuine = await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow(), nonce), "192.0.2.1", None);

        Assert.Equal("SignatureDoesNotMatch", forged.Error?.Code);
        Assert.True(genuine.IsSuccess, genuine.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_SameNonceOnTwoKeys_BothAccepted()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var first = await h.NewKeyAsync(account);
        var second = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var nonce = RequestSigner.NewNonce();

        Assert.True((await authenticator.AuthenticateAsync(SignV1(first, h.Time.GetUtcNow(), nonce), "192.0.2.1", None)).IsSuccess);
        Assert.True((await authenticator.AuthenticateAsync(SignV1(second, h.Time.GetUtcNow(), nonce), "192.0.2.1", None)).IsSuccess);
    }

    [Fact]
    public async Task Authenticate_Accepted_RecordsLastUseThroughTheRecorder()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);

        await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.44", None);
        await h.Get<LastUseRecorder>().FlushAsync(None);

        var stored = await h.Store.FindAccessKeyAsync(key.Key.AccessKeyId, None);
        Assert.Equal(new AccessKeyLastUse(CoreHarness.Start, "Sts", "GetCallerIdentity", "192.0.2.44"), stored?.Key.LastUse);
    }

    [Fact]
    public async Task Authenticate_Failures_NeverLogTheSecret()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var secret = key.Secret.Reveal();
        var authenticator = h.Get<RequestAuthenticator>();
        var now = h.Time.GetUtcNow();
        var request = SignV1(key, now);

        await authenticator.AuthenticateAsync(request, "192.0.2.1", "req-ok", None);
        await authenticator.AuthenticateAsync(request, "192.0.2.1", "req-replay", None);
        await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, secret + "x", now), "192.0.2.1", "req-badsig", None);
        await authenticator.AuthenticateAsync(SignV3(key.Key.AccessKeyId, secret + "x", now), "192.0.2.1", "req-badsig3", None);
        // A caller who swapped id and secret: the malformed id is the secret itself.
        await authenticator.AuthenticateAsync(SignV1(secret, key.Key.AccessKeyId, now), "192.0.2.1", "req-swapped", None);
        await authenticator.AuthenticateAsync(SignV1(key, now.AddHours(1)), "192.0.2.1", "req-stale", None);
        await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, "Inactive", None);
        await authenticator.AuthenticateAsync(SignV1(key, now), "192.0.2.1", "req-inactive", None);

        var logs = h.Logs.All;
        Assert.Contains("req-badsig", logs, StringComparison.Ordinal);
        Assert.Contains("SignatureDoesNotMatch", logs, StringComparison.Ordinal);
        Assert.Contains("req-swapped", logs, StringComparison.Ordinal);
        Assert.Contains(key.Key.AccessKeyId, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("GetCallerIdentity", logs, StringComparison.Ordinal);
        Assert.All(h.Store.AuditEvents, e => Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Authenticate_NonceWindowFull_Returns503AndAcceptsNothingUnremembered()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["NonceStore:Capacity"] = "1024" });
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var capacity = ((InMemoryNonceStore)h.Get<INonceStore>()).Capacity;

        var accepted = new List<ReceivedRequest>();
        Result<AuthenticatedRequest>? refused = null;
        for (var i = 0; i < capacity + 1 && refused is null; i++)
        {
            var request = SignV1(key, h.Time.GetUtcNow());
            var result = await authenticator.AuthenticateAsync(request, "192.0.2.1", None);
            if (result.IsSuccess)
            {
                accepted.Add(request);
            }
            else
            {
                refused = result;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(Errors.Request.NonceWindowFull, refused.Value.Error);
        Assert.Equal(503, refused.Value.Error!.HttpStatus);
        Assert.Contains("nonce window is full", h.Logs.All, StringComparison.Ordinal);

        // Every accepted request is still refused as a replay while the table is full.
        foreach (var request in accepted.Take(50))
        {
            Assert.Equal("SignatureNonceUsed", (await authenticator.AuthenticateAsync(request, "192.0.2.1", None)).Error?.Code);
        }

        h.Time.Advance(TimeSpan.FromMinutes(17));
        Assert.True((await authenticator.AuthenticateAsync(SignV1(key, h.Time.GetUtcNow()), "192.0.2.1", None)).IsSuccess);
    }
}
