using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Latchkey.Core.Tests.Support;
using Latchkey.Signing;

namespace Latchkey.Core.Tests.Authentication;

public sealed class UnknownKeysAndThrottlingTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RpcCall GetCallerIdentity = new("GetCallerIdentity", "2015-04-01", []);

    private static ReceivedRequest SignV1(string accessKeyId, string secret, DateTimeOffset timestamp) =>
        RequestSigner.SignV1(GetCallerIdentity, accessKeyId, secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), timestamp).ToReceivedRequest();

    private static CoreHarness NewHarness(int perSource = 0, int perKey = 0, int lookups = 20) => new(new Dictionary<string, string?>
    {
        ["Throttling:FailuresPerSourcePerMinute"] = perSource.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Throttling:FailuresPerAccessKeyIdPerMinute"] = perKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Throttling:UnknownAccessKeyIdLookupsPerSecond"] = lookups.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task Authenticate_FloodOfRandomWellFormedIds_CostsNoStoreQueryEach()
    {
        using var h = NewHarness(lookups: 20);
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        await h.Get<KnownAccessKeyIds>().LoadAsync(None);
        var authenticator = h.Get<RequestAuthenticator>();
        var before = h.Store.FindAccessKeyCalls;

        for (var i = 0; i < 5_000; i++)
        {
            var result = await authenticator.AuthenticateAsync(SignV1(AccessKeyIdFormat.NewAccessKeyId("LK"), "secret", h.Time.GetUtcNow()), "198.51.100.7", None);
            Assert.Equal(Errors.AccessKey.NotFound, result.Error);
        }

        // The clock stands still, so the flood gets one second's budget of look-ups and no more.
        Assert.InRange(h.Store.FindAccessKeyCalls - before, 0, 20);

        var genuine = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "198.51.100.7", None);
        Assert.True(genuine.IsSuccess, genuine.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_KeyCreatedAfterLoad_VerifiesImmediately_WithoutLookUpBudget()
    {
        using var h = NewHarness(lookups: 0);
        var account = await h.NewAccountAsync();
        await h.Get<KnownAccessKeyIds>().LoadAsync(None);

        var key = await h.NewKeyAsync(account);
        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_KeyWrittenBesideTheServer_VerifiesWithinTheLookUpBudget()
    {
        using var h = NewHarness(lookups: 20);
        var account = await h.NewAccountAsync();
        await h.Get<KnownAccessKeyIds>().LoadAsync(None);

        // Written straight to the store: no change is announced, as with a tool writing the database.
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var secret = AccessKeyIdFormat.NewSecret();
        var now = h.Time.GetUtcNow();
        var ctx = CoreHarness.AsAccount(account);
        var added = await h.Store.AddAccessKeyAsync(
            new StoredAccessKey(new AccessKey(id, account.AccountId, null, AccessKeyStatus.Active, now, now, null), h.Get<ISecretProtector>().Protect(id, secret)),
            2,
            AuditEvents.Create(ctx, h.Time, "CreateAccessKey", "AccessKey", id),
            None);
        Assert.True(added.IsSuccess);

        var result = await h.Get<RequestAuthenticator>().AuthenticateAsync(SignV1(id, secret.Reveal(), h.Time.GetUtcNow()), "192.0.2.1", None);

        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_SourcePastItsFailureLimit_Gets429_EvenWithAGoodSignature_OthersDoNot()
    {
        using var h = NewHarness(perSource: 10);
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("SignatureDoesNotMatch", (await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, "wrong", h.Time.GetUtcNow()), "203.0.113.9", None)).Error?.Code);
        }

        var before = h.Store.FindAccessKeyCalls;
        var throttled = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "203.0.113.9", None);
        var other = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "203.0.113.10", None);

        Assert.Equal(Errors.Request.Throttling, throttled.Error);
        Assert.Equal("Throttling.User", throttled.Error!.Code);
        Assert.Equal(429, throttled.Error.HttpStatus);
        Assert.Equal(before, h.Store.FindAccessKeyCalls);
        Assert.True(other.IsSuccess, other.Error?.Code);
        Assert.Contains("passed the limit", h.Logs.All, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "203.0.113.9", None);
        Assert.True(later.IsSuccess, later.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_Ipv6Sources_AreCountedByTheirSlash64()
    {
        using var h = NewHarness(perSource: 4);
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        for (var i = 1; i <= 4; i++)
        {
            await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, "wrong", h.Time.GetUtcNow()), $"2001:db8:1:2::{i:x}", None);
        }

        var sameNetwork = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "2001:db8:1:2:ffff::1", None);
        var otherNetwork = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "2001:db8:1:3::1", None);

        Assert.Equal("Throttling.User", sameNetwork.Error?.Code);
        Assert.True(otherNetwork.IsSuccess, otherNetwork.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_AccessKeyIdPastItsFailureLimit_RefusesFailures_ButNeverTheOwner()
    {
        using var h = NewHarness(perKey: 10);
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        for (var i = 0; i < 10; i++)
        {
            await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, "wrong", h.Time.GetUtcNow()), $"198.51.100.{i}", None);
        }

        var guess = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, "wrong", h.Time.GetUtcNow()), "198.51.100.200", None);
        var owner = await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, key.Secret.Reveal(), h.Time.GetUtcNow()), "198.51.100.201", None);

        Assert.Equal("Throttling.User", guess.Error?.Code);
        Assert.True(owner.IsSuccess, owner.Error?.Code);
    }

    [Fact]
    public async Task Authenticate_LimitsOff_NeverThrottle()
    {
        using var h = NewHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal("SignatureDoesNotMatch", (await authenticator.AuthenticateAsync(SignV1(key.Key.AccessKeyId, "wrong", h.Time.GetUtcNow()), "203.0.113.9", None)).Error?.Code);
        }
    }
}
