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
        before.Release();
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
        before.Release();

        h.Time.Advance(AccessKeyCache.HitLifetime + TimeSpan.FromSeconds(1));
        var after = (await cache.FindAsync(id, None))!;
        var request = Parse(RequestSigner.SignV3(GetCallerIdentity, id, created.Secret.Reveal(), "sts.example.test", RequestSigner.NewNonce(), h.Time.GetUtcNow()));

        Assert.Throws<ObjectDisposedException>(() => request.Verify(before.SigningKey));
        Assert.Null(request.Verify(after.SigningKey));
    }

    [Fact]
    public async Task EntryDroppedWhileLeased_KeepsItsSigningKeyUntilReleased()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var cache = h.Get<AccessKeyCache>();
        var request = Parse(RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));

        // What a request sees when the cache drops its entry between the look-up and the verify.
        var leased = (await cache.FindAsync(id, None))!;
        cache.Invalidate(id);
        var next = (await cache.FindAsync(id, None))!;

        Assert.Null(request.Verify(leased.SigningKey));
        Assert.NotSame(leased, next);
        leased.Release();
        Assert.Throws<ObjectDisposedException>(() => request.Verify(leased.SigningKey));
        Assert.Null(request.Verify(next.SigningKey));
        next.Release();
    }

    [Fact]
    public async Task ConcurrentInvalidations_NeverLeaveAVerifyWithADisposedKey()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var created = await h.NewKeyAsync(account);
        var id = created.Key.AccessKeyId;
        var cache = h.Get<AccessKeyCache>();
        var request = Parse(RequestSigner.SignV1(GetCallerIdentity, id, created.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()));
        using var stop = new CancellationTokenSource();

        var invalidator = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                cache.Invalidate(id);
            }
        });
        var verifiers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var key = (await cache.FindAsync(id, None))!;
                try
                {
                    Assert.Null(request.Verify(key.SigningKey));
                }
                finally
                {
                    key.Release();
                }
            }
        })).ToArray();

        await Task.WhenAll(verifiers);
        await stop.CancelAsync();
        await invalidator;
    }

    private static ParsedRequest Parse(SignedHttpRequest signed) =>
        ParsedRequest.TryParse(signed.ToReceivedRequest(), out var parsed, out var error) ? parsed : throw new InvalidOperationException(error.Code);
}
