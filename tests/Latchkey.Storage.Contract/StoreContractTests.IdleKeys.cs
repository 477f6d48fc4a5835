using Latchkey.Core.AccessKeys;

namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task IdleAccessKeyWarnings_are_replaced_per_key_scoped_by_account_and_go_with_their_key()
    {
        var account = await AddAccountAsync();
        var other = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var first = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0);
        var own = TestData.Key(account.AccountId, null, Secret, TestData.T0.AddTicks(1));
        var binned = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0.AddTicks(2));
        var elsewhere = TestData.Key(other.AccountId, null, Secret);
        foreach (var key in new[] { first, own, binned, elsewhere })
        {
            Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(key.Key.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None)).IsSuccess);
        }

        Assert.True((await Store.RecycleAccessKeyAsync(binned.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(30), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.Equal([first.Key, own.Key], await OtherNode.ListAccountAccessKeysAsync(account.AccountId, None));

        var warning = new IdleAccessKeyWarning(first.Key.AccessKeyId, account.AccountId, TestData.T0, TestData.T0.AddDays(76));
        Assert.True(await Store.RecordIdleAccessKeyWarningAsync(warning, TestData.Audit(account.AccountId, "WarnIdleAccessKey", first.Key.AccessKeyId), None));
        var again = warning with { IdleSince = TestData.T0.AddDays(3), WarnedAt = TestData.T0.AddDays(79) };
        Assert.True(await OtherNode.RecordIdleAccessKeyWarningAsync(again, TestData.Audit(account.AccountId, "WarnIdleAccessKey", first.Key.AccessKeyId), None));
        var elsewhereWarning = new IdleAccessKeyWarning(elsewhere.Key.AccessKeyId, other.AccountId, TestData.T0, TestData.T0.AddDays(1));
        Assert.True(await Store.RecordIdleAccessKeyWarningAsync(elsewhereWarning, TestData.Audit(other.AccountId, "WarnIdleAccessKey", "k"), None));
        Assert.False(await Store.RecordIdleAccessKeyWarningAsync(warning with { AccessKeyId = binned.Key.AccessKeyId }, TestData.Audit(account.AccountId, "WarnIdleAccessKey", "k"), None));
        Assert.False(await Store.RecordIdleAccessKeyWarningAsync(warning with { AccessKeyId = "missing" }, TestData.Audit(account.AccountId, "WarnIdleAccessKey", "k"), None));

        Assert.Equal([again], await OtherNode.ListIdleAccessKeyWarningsAsync(account.AccountId, None));
        Assert.Equal(2, (await Store.ListIdleAccessKeyWarningsAsync(null, None)).Count(w => w.AccessKeyId == first.Key.AccessKeyId || w.AccessKeyId == elsewhere.Key.AccessKeyId));

        Assert.True((await Store.DeleteAccessKeyAsync(first.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.Empty(await Store.ListIdleAccessKeyWarningsAsync(account.AccountId, None));
        Assert.Equal([elsewhereWarning], await Store.ListIdleAccessKeyWarningsAsync(other.AccountId, None));
    }
}
