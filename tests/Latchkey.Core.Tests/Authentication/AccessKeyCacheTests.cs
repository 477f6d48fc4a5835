using Latchkey.Core.Authentication;
using Latchkey.Core.Tests.Support;
using Latchkey.Signing;

namespace Latchkey.Core.Tests.Authentication;

/// <summary>The cache's SigningKeys verify like the secret and are released whenever an entry leaves the cache.</summary>
public sealed class AccessKeyCacheTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RpcCall GetCallerIdentity = new("GetCallerIdentity", "2015-04-01", []);

    [Fact]
    public async Task FindAsync_CachedKey_SigningKeyVerifiesLikeTheSecret()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;

        var cached = await h.Get<AccessKeyCache>().FindAsync(id, None);

        Assert.NotNull(cached);
        Assert.Same(cached.SigningKey, (await h.Get<AccessKeyCache>().FindAsync(id, None))!.SigningKey);
        Assert.DoesNotContain(created.Secret.Reveal(), cached.SigningKey.ToString(), StringComparison.Ordinal);
        var v1 = Parse(RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));
        var v3 = Parse(RequestSigner.SignV3(GetCallerIdentity, id, created.Secret.Reveal(), "sts.example.test", RequestSigner.NewNonce(), h.Time.GetUtcNow()));
        var wrong = Parse(RequestSigner.SignV1(GetCallerIdentity, id, "NotTheSecretNotTheSecret000001", "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));
        Assert.Null(v1.Verify(cached.SigningKey));
        Assert.Null(v3.Verify(cached.SigningKey));
        Assert.Equal(wrong.Verify(created.Secret.Reveal()), wrong.Verify(cached.SigningKey));
    }

    [Fact]
    public async Task ChangeEvent_DisposesTheDroppedSigningKey_AndTheNextLoadHasAFreshOne()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var cache = h.Get<AccessKeyCache>();
        var before = (await cache.FindAsync(id, None))!;
        var request = Parse(RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));

        await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), null, id, "Inactive", None);
        var after = (await cache.FindAsync(id, None))!;

        Assert.Throws<ObjectDisposedException>(() => request.Verify(before.SigningKey));
        Assert.NotSame(before.SigningKey, after.SigningKey);
        Assert.Null(request.Verify(after.SigningKey));
    }

    [Fact]
    public async Task ExpiredEntry_ReplacedOnReload_DisposesTheOldSigningKey()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var cache = h.Get<AccessKeyCache>();
        var before = (await cache.FindAsync(id, None))!;

        h.Time.Advance(AccessKeyCache.HitLifetime + TimeSpan.FromSeconds(1));
        var after = (await cache.FindAsync(id, None))!;
        var request = Parse(RequestSigner.SignV3(GetCallerIdentity, id, created.Secret.Reveal(), "sts.example.test", RequestSigner.NewNonce(), h.Time.GetUtcNow()));

        Assert.Throws<ObjectDisposedException>(() => request.Verify(before.SigningKey));
        Assert.Null(request.Verify(after.SigningKey));
    }

    [Fact]
    public async Task Authenticate_SigningKeyDisposedUnderIt_StillGivesTheSecretsAnswer()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var authenticator = h.Get<RequestAuthenticator>();
        // A SigningKey disposed while its entry is still found: the lookup treats it as a miss and
        // loads the key again; nothing needs a decrypted secret kept beside it.
        var disposed = (await h.Get<AccessKeyCache>().FindAsync(id, None))!;
        disposed.SigningKey.Dispose();

        var valid = await authenticator.AuthenticateAsync(
            RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest(), "192.0.2.1", None);
        var forged = await authenticator.AuthenticateAsync(
            RequestSigner.SignV3(GetCallerIdentity, id, "NotTheSecretNotTheSecret000001", "sts.example.test", RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest(), "192.0.2.1", None);

        Assert.True(valid.IsSuccess, valid.Error?.Code);
        Assert.Equal("SignatureDoesNotMatch", forged.Error?.Code);
        Assert.NotSame(disposed, await h.Get<AccessKeyCache>().FindAsync(id, None));
    }

    [Fact]
    public async Task TryVerify_OnADisposedKey_ReturnsFalse_InsteadOfThrowing()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var cached = (await h.Get<AccessKeyCache>().FindAsync(id, None))!;
        var request = Parse(RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));

        var before = request.TryVerify(cached.SigningKey, out var beforeError);
        cached.SigningKey.Dispose();
        var after = request.TryVerify(cached.SigningKey, out _);

        Assert.True(before);
        Assert.Null(beforeError);
        Assert.False(after);
        Assert.True(cached.SigningKey.IsDisposed);
    }

    private static ParsedRequest Parse(SignedHttpRequest signed) =>
        ParsedRequest.TryParse(signed.ToReceivedRequest(), out var parsed, out var error) ? parsed : throw new InvalidOperationException(error.Code);
}
