using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authentication;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Signing;

namespace Latchkey.Core.Tests.KeyGuard;

/// <summary>The guard on the hot path: network policy, canary, leak restriction, usage counters.</summary>
public sealed class KeyGuardAuthenticationTests
{
    private const string Allowed = "198.51.100.20";
    private const string Outside = "203.0.113.66";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RpcCall ListUsers = new("ListUsers", "2015-05-01", []);
    private static readonly RpcCall GetCallerIdentity = new("GetCallerIdentity", "2015-04-01", []);

    private static ReceivedRequest Sign(CreatedAccessKey key, DateTimeOffset now, RpcCall? call = null, string? nonce = null) =>
        RequestSigner.SignV1(call ?? ListUsers, key.Key.AccessKeyId, key.Secret.Reveal(), "GET", V1Placement.Query, nonce ?? RequestSigner.NewNonce(), now).ToReceivedRequest();

    private static async Task<CreatedAccessKey> KeyWithPolicyAsync(CoreHarness h, string status)
    {
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var set = await h.Get<AccessKeyGuardService>().SetNetworkPolicyAsync(
            CoreHarness.AsAccount(account),
            null,
            key.Key.AccessKeyId,
            $$"""{"Version":1,"Status":"{{status}}","Statements":[{"Type":"ClassicWhiteList","IPList":["198.51.100.0/24"]}]}""",
            None);
        Assert.True(set.IsSuccess, set.Error?.Code);
        return key;
    }

    [Fact]
    public async Task ActivePolicy_RefusesOutsideAndLeavesTheNonceForAnAllowedSource()
    {
        using var h = new CoreHarness();
        var key = await KeyWithPolicyAsync(h, "Active");
        var authenticator = h.Get<RequestAuthenticator>();
        var request = Sign(key, h.Time.GetUtcNow(), nonce: "nonce-shared-1");

        var outside = await authenticator.AuthenticateAsync(request, Outside, None);
        var allowed = await authenticator.AuthenticateAsync(request, Allowed, None);
        var replay = await authenticator.AuthenticateAsync(request, Allowed, None);

        Assert.Equal(Errors.AccessKey.Inactive, outside.Error);
        Assert.True(allowed.IsSuccess, allowed.Error?.Code);
        Assert.Equal("SignatureNonceUsed", replay.Error?.Code);
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 2102 ", StringComparison.Ordinal) && l.Contains(Outside, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policy_TravelsWithTheCachedKey_NoStoreReadPerRequest()
    {
        using var h = new CoreHarness();
        var key = await KeyWithPolicyAsync(h, "Active");
        var authenticator = h.Get<RequestAuthenticator>();
        Assert.True((await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Allowed, None)).IsSuccess);
        var keyReads = h.Store.FindAccessKeyCalls;
        var guardReads = h.Store.FindGuardCalls;

        for (var i = 0; i < 20; i++)
        {
            await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), i % 2 == 0 ? Allowed : Outside, None);
        }

        Assert.Equal(keyReads, h.Store.FindAccessKeyCalls);
        Assert.Equal(guardReads, h.Store.FindGuardCalls);
    }

    [Fact]
    public async Task ChangingThePolicy_ReachesTheCachedKeyAtOnce()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var guards = h.Get<AccessKeyGuardService>();
        Assert.True((await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Outside, None)).IsSuccess);

        await guards.SetNetworkPolicyAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["198.51.100.0/24"]}]}""", None);
        var refused = await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Outside, None);
        await guards.SetNetworkPolicyAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, """{"Version":1,"Status":"Inactive","Statements":[]}""", None);
        var cleared = await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Outside, None);

        Assert.Equal(Errors.AccessKey.Inactive, refused.Error);
        Assert.True(cleared.IsSuccess, cleared.Error?.Code);
        Assert.Equal("""{"Version":1,"Status":"Inactive","Statements":[]}""", (await guards.GetNetworkPolicyAsync(CoreHarness.AsAccount(account).Actor, null, key.Key.AccessKeyId, None)).Value);
    }

    [Fact]
    public async Task AuditOnlyPolicy_AllowsAndRecordsWhatWouldHaveBeenRefused()
    {
        using var h = new CoreHarness();
        var key = await KeyWithPolicyAsync(h, "AuditOnly");
        var authenticator = h.Get<RequestAuthenticator>();

        var outside = await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Outside, None);
        var inside = await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), Allowed, None);
        await h.Get<KeyUsageRecorder>().FlushAsync(None);

        Assert.True(outside.IsSuccess, outside.Error?.Code);
        Assert.True(inside.IsSuccess, inside.Error?.Code);
        var hours = await h.Store.ReadAccessKeyUsageAsync(key.Key.AccessKeyId, CoreHarness.Start.AddDays(-1), None);
        Assert.Equal(2, hours.Sum(x => x.Calls));
        Assert.Equal(1, hours.Sum(x => x.OutsidePolicy));
        var sources = await h.Store.ReadAccessKeyUsageSourcesAsync(key.Key.AccessKeyId, CoreHarness.Start.AddDays(-1), None);
        Assert.Equal(1, sources.Single(s => s.SourceIp == Outside).OutsidePolicy);
        Assert.Equal(0, sources.Single(s => s.SourceIp == Allowed).OutsidePolicy);
        Assert.Contains(h.Logs.Lines, l => l.Contains(" 2103 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_IsWrittenInBatches_RefusalsOfUnknownIdsAreNotCounted()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var recorder = h.Get<KeyUsageRecorder>();

        for (var i = 0; i < 10; i++)
        {
            await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), "192.0.2." + (i % 3), None);
        }

        var wrong = RequestSigner.SignV1(ListUsers, key.Key.AccessKeyId, AccessKeyIdFormat.NewSecret().Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest();
        await authenticator.AuthenticateAsync(wrong, "192.0.2.99", None);
        var unknown = RequestSigner.SignV1(ListUsers, AccessKeyIdFormat.NewAccessKeyId("LTAI"), "x", "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest();
        await authenticator.AuthenticateAsync(unknown, "192.0.2.99", None);
        Assert.Equal(0, h.Store.RecordUsageCalls);

        await recorder.FlushAsync(None);
        await recorder.FlushAsync(None);

        Assert.Equal(1, h.Store.RecordUsageCalls);
        var hour = Assert.Single(await h.Store.ReadAccessKeyUsageAsync(key.Key.AccessKeyId, CoreHarness.Start.AddDays(-1), None));
        Assert.Equal((10L, 1L), (hour.Calls, hour.Refusals));
        var sources = await h.Store.ReadAccessKeyUsageSourcesAsync(key.Key.AccessKeyId, CoreHarness.Start.AddDays(-1), None);
        Assert.Equal(["192.0.2.0", "192.0.2.1", "192.0.2.2"], sources.Select(s => s.SourceIp));
    }

    [Fact]
    public async Task UsagePicture_ShowsDaysNotesAndSuggestion()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);
        var second = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        for (var i = 0; i < 7; i++)
        {
            await authenticator.AuthenticateAsync(Sign(key, h.Time.GetUtcNow()), $"10.{i}.0.1", None);
            h.Time.Advance(TimeSpan.FromDays(1));
        }

        await h.Get<KeyUsageRecorder>().FlushAsync(None);
        var keys = await h.Keys.ListAsync(CoreHarness.AsAccount(account).Actor, null, None);

        var picture = await h.Get<AccessKeyGuardService>().GetUsageAsync(keys.Value.Single(k => k.AccessKeyId == key.Key.AccessKeyId), keys.Value, None);
        var unused = await h.Get<AccessKeyGuardService>().GetUsageAsync(keys.Value.Single(k => k.AccessKeyId == second.Key.AccessKeyId), keys.Value, None);

        Assert.Equal(AccessKeyGuardService.UsageDays, picture.Days.Count);
        Assert.Equal(7, picture.Days.Sum(d => d.Calls));
        Assert.Equal(0, picture.Days[^1].Calls);
        Assert.Equal(1, picture.Days[^2].Sources);
        Assert.Equal(7, picture.SourceNetworks);
        Assert.Contains(picture.RiskNotes, n => n.StartsWith("Many source networks", StringComparison.Ordinal));
        Assert.Contains(picture.RiskNotes, n => n.StartsWith("Two keys enabled", StringComparison.Ordinal));
        Assert.Equal(7, picture.SuggestedAllowlist.Count);
        Assert.Contains(unused.RiskNotes, n => n.StartsWith("Never used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CanaryKey_IsRefusedAndAlertsOnce()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var canary = await h.Get<AccessKeyGuardService>().CreateCanaryAsync(CoreHarness.AsAccount(account), null, None);
        Assert.True(canary.IsSuccess, canary.Error?.Code);
        var authenticator = h.Get<RequestAuthenticator>();

        var first = await authenticator.AuthenticateAsync(Sign(canary.Value, h.Time.GetUtcNow()), Outside, None);
        var second = await authenticator.AuthenticateAsync(Sign(canary.Value, h.Time.GetUtcNow()), Outside, None);
        var badSignature = await authenticator.AuthenticateAsync(
            RequestSigner.SignV1(ListUsers, canary.Value.Key.AccessKeyId, "guess", "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest(), Outside, None);

        Assert.Equal(Errors.Request.NoPermission, first.Error);
        Assert.Equal(Errors.Request.NoPermission, second.Error);
        Assert.Equal("SignatureDoesNotMatch", badSignature.Error?.Code);
        var alert = Assert.Single(h.Logs.Lines, l => l.Contains(" 2104 ", StringComparison.Ordinal));
        Assert.StartsWith("Warning ", alert, StringComparison.Ordinal);
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "CanaryAccessKeyUsed" && e.SourceIp == Outside);
        Assert.NotNull((await h.Store.FindAccessKeyGuardAsync(canary.Value.Key.AccessKeyId, None))?.CanaryTrippedAt);
        Assert.DoesNotContain(canary.Value.Secret.Reveal(), h.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeakReport_DisableOrRestrict_TakesEffectAtOnce()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var disabled = await h.NewKeyAsync(account);
        var restricted = await h.NewKeyAsync(account);
        var authenticator = h.Get<RequestAuthenticator>();
        var guards = h.Get<AccessKeyGuardService>();
        Assert.True((await authenticator.AuthenticateAsync(Sign(disabled, h.Time.GetUtcNow()), Allowed, None)).IsSuccess);
        Assert.True((await authenticator.AuthenticateAsync(Sign(restricted, h.Time.GetUtcNow()), Allowed, None)).IsSuccess);

        var byId = await guards.ReportLeakAsync(disabled.Key.AccessKeyId, "github", "https://github.com/o/r/blob/x", LeakAction.Disable, "192.0.2.5", "req-1", None);
        var bySecret = await guards.ReportLeakAsync(restricted.Secret.Reveal(), "pastebin", "https://example.test/p", LeakAction.Restrict, "192.0.2.5", "req-2", None);
        var nobody = await guards.ReportLeakAsync(AccessKeyIdFormat.NewAccessKeyId("LTAI"), "github", "u", LeakAction.Disable, "192.0.2.5", "req-3", None);

        Assert.Equal(disabled.Key.AccessKeyId, byId.Value?.AccessKeyId);
        Assert.Equal(restricted.Key.AccessKeyId, bySecret.Value?.AccessKeyId);
        Assert.True(nobody.IsSuccess);
        Assert.Null(nobody.Value);
        Assert.Equal(Errors.AccessKey.Inactive, (await authenticator.AuthenticateAsync(Sign(disabled, h.Time.GetUtcNow()), Allowed, None)).Error);
        Assert.Equal(Errors.KeyGuard.LeakRestricted, (await authenticator.AuthenticateAsync(Sign(restricted, h.Time.GetUtcNow()), Allowed, None)).Error);
        Assert.True((await authenticator.AuthenticateAsync(Sign(restricted, h.Time.GetUtcNow(), GetCallerIdentity), Allowed, None)).IsSuccess);
        Assert.Equal(2, (await guards.ListLeakReportsAsync(account.AccountId, None)).Count);
        Assert.Equal(2, h.Store.AuditEvents.Count(e => e.EventName == "ReportAccessKeyLeak"));
        Assert.DoesNotContain(h.Store.AuditEvents, e => e.Details.Contains(restricted.Secret.Reveal(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetPolicy_OnAnotherAccountsKey_LooksLikeNoKey()
    {
        using var h = new CoreHarness();
        var owner = await h.NewAccountAsync();
        var other = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(owner);

        var set = await h.Get<AccessKeyGuardService>().SetNetworkPolicyAsync(CoreHarness.AsAccount(other), null, key.Key.AccessKeyId, """{"Version":1,"Status":"Active","Statements":[]}""", None);
        var get = await h.Get<AccessKeyGuardService>().GetNetworkPolicyAsync(CoreHarness.AsAccount(other).Actor, null, key.Key.AccessKeyId, None);
        var never = await h.Get<AccessKeyGuardService>().GetNetworkPolicyAsync(CoreHarness.AsAccount(owner).Actor, null, key.Key.AccessKeyId, None);

        Assert.Equal(Errors.AccessKey.UserKeyNotFound, set.Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, get.Error);
        Assert.Equal("{}", never.Value);
    }
}
