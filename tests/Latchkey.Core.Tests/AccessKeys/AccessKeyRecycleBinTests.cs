using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authentication;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Latchkey.Signing;

namespace Latchkey.Core.Tests.AccessKeys;

public sealed class AccessKeyRecycleBinTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RpcCall GetCallerIdentity = new("GetCallerIdentity", "2015-04-01", []);

    private static ValueTask<Result<AuthenticatedRequest>> VerifyAsync(CoreHarness h, CreatedAccessKey key) =>
        h.Get<RequestAuthenticator>().AuthenticateAsync(
            RequestSigner.SignV1(GetCallerIdentity, key.Key.AccessKeyId, key.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), h.Time.GetUtcNow()).ToReceivedRequest(),
            "192.0.2.1",
            None);

    [Fact]
    public async Task DeleteAccessKey_MovesTheKeyToTheBin_WhereItNeverVerifiesAndIsNotListed()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        Assert.True((await VerifyAsync(h, key)).IsSuccess);
        var ctx = CoreHarness.AsAccount(account);

        var deleted = await h.Keys.DeleteAsync(ctx, "alice", key.Key.AccessKeyId, None);

        Assert.True(deleted.IsSuccess, deleted.Error?.Code);
        Assert.Equal(Errors.AccessKey.NotFound, (await VerifyAsync(h, key)).Error);
        Assert.Empty((await h.Keys.ListAsync(ctx.Actor, "alice", None)).Value);
        var bin = (await h.Get<AccessKeyRecycleBin>().ListAsync(ctx.Actor, user.UserId, None)).Value;
        var recycled = Assert.Single(bin);
        Assert.Equal(key.Key.AccessKeyId, recycled.AccessKeyId);
        Assert.Equal(CoreHarness.Start, recycled.RecycleDate);
        Assert.Equal(CoreHarness.Start.AddDays(30), recycled.PurgeDate);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await h.Keys.UpdateStatusAsync(ctx, "alice", key.Key.AccessKeyId, "Active", None)).Error);
        Assert.Contains(h.Store.AuditEvents, e => e.EventName == "DeleteAccessKey" && e.ResourceName == key.Key.AccessKeyId && e.Details.StartsWith("RecycleBin=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAccessKey_BringsBackTheStatusItHad_AndTheKeyVerifiesAgain()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var active = await h.NewKeyAsync(account, "alice");
        var inactive = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, "alice", inactive.Key.AccessKeyId, "Inactive", None)).IsSuccess);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", active.Key.AccessKeyId, None)).IsSuccess);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", inactive.Key.AccessKeyId, None)).IsSuccess);
        Assert.Equal(Errors.AccessKey.NotFound, (await VerifyAsync(h, active)).Error);
        var bin = h.Get<AccessKeyRecycleBin>();

        var first = await bin.RestoreAsync(ctx, user.UserId, active.Key.AccessKeyId, None);
        var second = await bin.RestoreAsync(ctx, null, inactive.Key.AccessKeyId, None);

        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.True(second.IsSuccess, second.Error?.Code);
        var live = (await h.Keys.ListAsync(ctx.Actor, "alice", None)).Value;
        Assert.Equal(AccessKeyStatus.Active, live.Single(k => k.AccessKeyId == active.Key.AccessKeyId).Status);
        Assert.Equal(AccessKeyStatus.Inactive, live.Single(k => k.AccessKeyId == inactive.Key.AccessKeyId).Status);
        Assert.True((await VerifyAsync(h, active)).IsSuccess);
        Assert.Equal(Errors.AccessKey.Inactive, (await VerifyAsync(h, inactive)).Error);
        Assert.Empty((await bin.ListAsync(ctx.Actor, user.UserId, None)).Value);
        Assert.Contains(h.Store.AuditEvents, e => e.EventName == "RestoreAccessKeyFromRecycleBin" && e.ResourceName == active.Key.AccessKeyId);
    }

    [Fact]
    public async Task TheTwoKeyCap_CountsOnlyLiveKeys_AndARestoreThatWouldExceedItIsRefused()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var old = await h.NewKeyAsync(account, "alice");
        await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", old.Key.AccessKeyId, None)).IsSuccess);

        var replacement = await h.Keys.CreateAsync(ctx, "alice", None);
        var restore = await h.Get<AccessKeyRecycleBin>().RestoreAsync(ctx, user.UserId, old.Key.AccessKeyId, None);

        Assert.True(replacement.IsSuccess, replacement.Error?.Code);
        Assert.Equal(Errors.AccessKey.RestoreLimitExceeded, restore.Error);
        Assert.Equal("LimitExceeded.User.AccessKey", restore.Error!.Code);
        Assert.Single((await h.Get<AccessKeyRecycleBin>().ListAsync(ctx.Actor, user.UserId, None)).Value);
        Assert.Equal(Errors.AccessKey.NotFound, (await VerifyAsync(h, old)).Error);
    }

    [Fact]
    public async Task PurgeDueAsync_WithAControlledClock_DeletesAKeyOnlyOnceItsDaysInTheBinAreOver()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["AccessKeyLifecycle:RecycleBinDays"] = "7" });
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", key.Key.AccessKeyId, None)).IsSuccess);
        var bin = h.Get<AccessKeyRecycleBin>();

        h.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var early = await bin.PurgeDueAsync(None);
        var stillThere = (await bin.ListAsync(ctx.Actor, user.UserId, None)).Value.Count;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var due = await bin.PurgeDueAsync(None);

        Assert.Equal(0, early);
        Assert.Equal(1, stillThere);
        Assert.Equal(1, due);
        Assert.Empty((await bin.ListAsync(ctx.Actor, user.UserId, None)).Value);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await bin.RestoreAsync(ctx, user.UserId, key.Key.AccessKeyId, None)).Error);
        var purge = Assert.Single(h.Store.AuditEvents, e => e.EventName == "PurgeAccessKeyFromRecycleBin");
        Assert.Equal(AccessKeyRecycleBin.SystemActor, purge.ActorPrincipalId);
        Assert.Equal(account.AccountId, purge.AccountId);
    }

    [Fact]
    public async Task RecycleBinDaysZero_DeletesAtOnce()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["AccessKeyLifecycle:RecycleBinDays"] = "0" });
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);

        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", key.Key.AccessKeyId, None)).IsSuccess);

        Assert.Empty((await h.Get<AccessKeyRecycleBin>().ListAsync(ctx.Actor, user.UserId, None)).Value);
        Assert.Null(await h.Store.FindRecycledAccessKeyAsync(key.Key.AccessKeyId, None));
    }

    [Fact]
    public async Task TheBin_OfAnotherAccountOrAnotherUser_LooksEmpty()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var other = await h.NewAccountAsync();
        var alice = await h.NewUserAsync(account, "alice");
        var bob = await h.NewUserAsync(account, "bob");
        var key = await h.NewKeyAsync(account, "alice");
        Assert.True((await h.Keys.DeleteAsync(CoreHarness.AsAccount(account), "alice", key.Key.AccessKeyId, None)).IsSuccess);
        var bin = h.Get<AccessKeyRecycleBin>();
        var id = key.Key.AccessKeyId;

        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await bin.GetAsync(CoreHarness.AsAccount(other).Actor, id, None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await bin.RestoreAsync(CoreHarness.AsAccount(other), null, id, None)).Error);
        Assert.Equal(Errors.User.NotFound, (await bin.ListAsync(CoreHarness.AsAccount(other).Actor, alice.UserId, None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await bin.RestoreAsync(CoreHarness.AsAccount(account), bob.UserId, id, None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await bin.DeleteAsync(CoreHarness.AsUser(bob), null, id, None)).Error);
        Assert.Single((await bin.ListAsync(CoreHarness.AsUser(alice).Actor, null, None)).Value);
        Assert.True((await bin.DeleteAsync(CoreHarness.AsUser(alice), null, id, None)).IsSuccess);
        Assert.Empty((await bin.ListAsync(CoreHarness.AsUser(alice).Actor, null, None)).Value);
    }

    [Fact]
    public async Task DeleteUser_WithKeysOnlyInTheBin_SucceedsAndTakesThemAlong()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", key.Key.AccessKeyId, None)).IsSuccess);

        var deleted = await h.Users.DeleteAsync(ctx, "alice", None);

        Assert.True(deleted.IsSuccess, deleted.Error?.Code);
        Assert.Null(await h.Store.FindRecycledAccessKeyAsync(key.Key.AccessKeyId, None));
    }
}
