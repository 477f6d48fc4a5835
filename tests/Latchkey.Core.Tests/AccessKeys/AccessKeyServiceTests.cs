using Latchkey.Core.AccessKeys;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.AccessKeys;

public sealed class AccessKeyServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateAccessKey_ThirdKeyForRamUser_ReturnsLimitExceeded()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        await h.NewKeyAsync(account, "alice");
        await h.NewKeyAsync(account, "alice");

        var third = await h.Keys.CreateAsync(CoreHarness.AsAccount(account), "alice", None);

        Assert.Equal(Errors.AccessKey.LimitExceeded, third.Error);
    }

    [Fact]
    public async Task CreateAccessKey_InactiveKeysCountTowardsTheLimit()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var first = await h.NewKeyAsync(account, "alice");
        var second = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, "alice", first.Key.AccessKeyId, "Inactive", None)).IsSuccess);
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, "alice", second.Key.AccessKeyId, "Inactive", None)).IsSuccess);

        var third = await h.Keys.CreateAsync(ctx, "alice", None);

        Assert.Equal(Errors.AccessKey.LimitExceeded, third.Error);
    }

    [Fact]
    public async Task CreateAccessKey_FiftyConcurrentCreates_GiveExactlyTwoKeys()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => h.Keys.CreateAsync(ctx, "alice", None))));

        Assert.Equal(2, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.AccessKey.LimitExceeded, r.Error));
        Assert.Equal(2, (await h.Store.ListAccessKeysAsync(account.AccountId, user.UserId, None)).Count);
    }

    [Fact]
    public async Task CreateAccessKey_ForAccount_UsesConfiguredLimit()
    {
        using var h = new CoreHarness(new Dictionary<string, string?> { ["Identity:AccountAccessKeyLimit"] = "3" });
        var account = await h.NewAccountAsync();
        for (var i = 0; i < 3; i++)
        {
            var key = await h.NewKeyAsync(account);
            Assert.Null(key.Key.UserId);
        }

        var fourth = await h.Keys.CreateAsync(CoreHarness.AsAccount(account), null, None);

        Assert.Equal(Errors.AccessKey.AccountLimitExceeded, fourth.Error);
    }

    [Fact]
    public async Task CreateAccessKey_ForAccount_DefaultLimitIsTwo()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewKeyAsync(account);
        await h.NewKeyAsync(account);

        var third = await h.Keys.CreateAsync(CoreHarness.AsAccount(account), null, None);

        // The code a RAM user's third key gets, with a message about the account's own keys.
        Assert.Equal(Errors.AccessKey.AccountLimitExceeded, third.Error);
        var error = third.Error!;
        Assert.Equal("LimitExceeded.User.AccessKey", error.Code);
        Assert.Contains("account access keys", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user access keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAccessKey_WithoutUserName_ByRamUser_CreatesTheCallersOwnKey()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "bob");

        var created = await h.Keys.CreateAsync(CoreHarness.AsUser(user), null, None);

        Assert.True(created.IsSuccess);
        Assert.Equal(user.UserId, created.Value.Key.UserId);
    }

    [Fact]
    public async Task CreateAccessKey_StoresOnlyTheEncryptedSecret_AndAuditsWithoutIt()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var created = await h.NewKeyAsync(account);

        var stored = await h.Store.FindAccessKeyAsync(created.Key.AccessKeyId, None);
        Assert.NotNull(stored);
        var plaintext = System.Text.Encoding.UTF8.GetBytes(created.Secret.Reveal());
        Assert.False(stored.Secret.Ciphertext.AsSpan().IndexOf(plaintext) >= 0);
        var audit = Assert.Single(h.Store.AuditEvents, e => e.EventName == "CreateAccessKey");
        Assert.Equal(created.Key.AccessKeyId, audit.ResourceName);
        Assert.Equal(account.AccountId, audit.ActorPrincipalId);
        Assert.Equal("203.0.113.7", audit.SourceIp);
        Assert.Equal(CoreHarness.Start, audit.Time);
        Assert.DoesNotContain(created.Secret.Reveal(), audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteUser_WithAccessKeys_ReturnsDeleteConflict()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        await h.NewKeyAsync(account, "alice");

        var deleted = await h.Users.DeleteAsync(CoreHarness.AsAccount(account), "alice", None);

        Assert.Equal("DeleteConflict.User.AccessKey", deleted.Error?.Code);
    }

    [Fact]
    public async Task AccessKeyOfAnotherOwner_LooksLikeNoKey()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var other = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var alicesKey = await h.NewKeyAsync(account, "alice");
        var othersKey = await h.NewKeyAsync(other);
        var ctx = CoreHarness.AsAccount(account);

        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await h.Keys.GetAsync(ctx.Actor, null, alicesKey.Key.AccessKeyId, None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await h.Keys.DeleteAsync(ctx, null, othersKey.Key.AccessKeyId, None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await h.Keys.UpdateStatusAsync(ctx, "alice", "LKnotAWellFormedKeyId000", "Inactive", None)).Error);
        Assert.True((await h.Keys.GetAsync(ctx.Actor, "alice", alicesKey.Key.AccessKeyId, None)).IsSuccess);
    }

    [Theory]
    [InlineData("active")]
    [InlineData("Disabled")]
    public async Task UpdateAccessKey_UnknownStatus_ReturnsInvalidStatus(string status)
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var key = await h.NewKeyAsync(account);

        var result = await h.Keys.UpdateStatusAsync(CoreHarness.AsAccount(account), null, key.Key.AccessKeyId, status, None);

        Assert.Equal(Errors.AccessKey.InvalidStatus, result.Error);
    }

    [Fact]
    public async Task CreateAccessKey_ForUnknownUser_ReturnsUserNotFound()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();

        var created = await h.Keys.CreateAsync(CoreHarness.AsAccount(account), "nobody", None);

        Assert.Equal(Errors.User.NotFound, created.Error);
    }

    [Fact]
    public async Task ListAccessKeys_ReturnsOnlyTheOwnersKeys()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        var alices = await h.NewKeyAsync(account, "alice");
        await h.NewKeyAsync(account);

        var listed = await h.Keys.ListAsync(CoreHarness.AsAccount(account).Actor, "alice", None);

        Assert.Equal(alices.Key.AccessKeyId, Assert.Single(listed.Value).AccessKeyId);
    }
}
