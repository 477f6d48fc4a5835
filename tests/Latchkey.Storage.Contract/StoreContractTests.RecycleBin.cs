using Latchkey.Core.AccessKeys;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task RecycleBin_hides_a_key_from_find_list_update_and_the_limit_and_restores_it_with_its_status()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var old = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0);
        var other = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0.AddTicks(1));
        foreach (var key in new[] { old, other })
        {
            Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None)).IsSuccess);
        }

        var id = old.Key.AccessKeyId;
        Assert.True((await Store.UpdateAccessKeyStatusAsync(id, AccessKeyStatus.Inactive, TestData.T0, TestData.Audit(account.AccountId, "UpdateAccessKey", id), None)).IsSuccess);
        var before = await Store.GetLatestAccessKeyChangeAsync(None);
        var recycled = TestData.T0.AddHours(1);
        var purge = recycled.AddDays(30);

        Assert.True((await Store.RecycleAccessKeyAsync(id, recycled, purge, TestData.Audit(account.AccountId, "DeleteAccessKey", id), None)).IsSuccess);

        // Every node learns of it through the change log, and no read of live keys sees it.
        Assert.Contains(await OtherNode.ReadAccessKeyChangesAsync(before, 100, None), c => c.AccessKeyId == id);
        Assert.Null(await OtherNode.FindAccessKeyAsync(id, None));
        Assert.Equal([other.Key], await OtherNode.ListAccessKeysAsync(account.AccountId, user.UserId, None));
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.UpdateAccessKeyStatusAsync(id, AccessKeyStatus.Active, recycled, TestData.Audit(account.AccountId, "UpdateAccessKey", id), None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.DeleteAccessKeyAsync(id, TestData.Audit(account.AccountId, "DeleteAccessKey", id), None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.RecycleAccessKeyAsync(id, recycled, purge, TestData.Audit(account.AccountId, "DeleteAccessKey", id), None)).Error);
        var expected = old.Key with { Status = AccessKeyStatus.Inactive, RecycleDate = recycled, PurgeDate = purge };
        Assert.Equal(expected, await OtherNode.FindRecycledAccessKeyAsync(id, None));
        Assert.Equal([expected], await OtherNode.ListRecycledAccessKeysAsync(account.AccountId, user.UserId, None));
        Assert.Empty(await OtherNode.ListRecycledAccessKeysAsync(account.AccountId, null, None));
        Assert.Null(await OtherNode.FindRecycledAccessKeyAsync(other.Key.AccessKeyId, None));

        // The recycled key keeps its secret (master-key rotation still reaches it) and ListAll marks it.
        var all = new List<StoredAccessKey>();
        await foreach (var key in Store.ListAllAccessKeysAsync(None))
        {
            all.Add(key);
        }

        Assert.Equal(purge, all.Single(k => k.Key.AccessKeyId == id).Key.PurgeDate);
        Assert.Equal(Secret, TestData.Unprotect(id, all.Single(k => k.Key.AccessKeyId == id).Secret));
        Assert.False(all.Single(k => k.Key.AccessKeyId == other.Key.AccessKeyId).Key.IsRecycled);

        // Only live keys count against the limit: a new key fits, and then the restore does not.
        var replacement = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0.AddHours(2));
        Assert.True((await Store.AddAccessKeyAsync(replacement, 2, TestData.Audit(account.AccountId, "CreateAccessKey", replacement.Key.AccessKeyId), None)).IsSuccess);
        var restoredAt = TestData.T0.AddHours(3);
        Assert.Equal(Errors.AccessKey.RestoreLimitExceeded, (await OtherNode.RestoreAccessKeyAsync(id, 2, restoredAt, TestData.Audit(account.AccountId, "RestoreAccessKeyFromRecycleBin", id), None)).Error);
        Assert.NotNull(await Store.FindRecycledAccessKeyAsync(id, None));

        Assert.True((await Store.DeleteAccessKeyAsync(replacement.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await OtherNode.RestoreAccessKeyAsync(id, 2, restoredAt, TestData.Audit(account.AccountId, "RestoreAccessKeyFromRecycleBin", id), None)).IsSuccess);
        Assert.Equal(old.Key with { Status = AccessKeyStatus.Inactive, UpdateDate = restoredAt }, (await Store.FindAccessKeyAsync(id, None))!.Key);
        Assert.Empty(await Store.ListRecycledAccessKeysAsync(account.AccountId, user.UserId, None));
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.RestoreAccessKeyAsync(id, 2, restoredAt, TestData.Audit(account.AccountId, "RestoreAccessKeyFromRecycleBin", id), None)).Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.DeleteRecycledAccessKeyAsync(id, TestData.Audit(account.AccountId, "DeleteAccessKeyInRecycleBin", id), None)).Error);
    }

    [Fact]
    public async Task RecycleBin_lists_due_keys_by_purge_date_deletes_them_for_good_and_lets_their_user_go()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var soon = TestData.Key(account.AccountId, user.UserId, Secret);
        var later = TestData.Key(account.AccountId, user.UserId, Secret);
        var own = TestData.Key(account.AccountId, null, Secret);
        foreach (var key in new[] { soon, later, own })
        {
            Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", key.Key.AccessKeyId), None)).IsSuccess);
        }

        Assert.True((await Store.RecycleAccessKeyAsync(soon.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(1), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.RecycleAccessKeyAsync(later.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(2), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.RecycleAccessKeyAsync(own.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(3), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);

        Assert.Empty(await Store.ListRecycledAccessKeysDueAsync(TestData.T0.AddDays(1).AddTicks(-1), 10, None));
        Assert.Equal([soon.Key.AccessKeyId], (await Store.ListRecycledAccessKeysDueAsync(TestData.T0.AddDays(1), 10, None)).Select(k => k.AccessKeyId));
        Assert.Equal([soon.Key.AccessKeyId, later.Key.AccessKeyId, own.Key.AccessKeyId], (await Store.ListRecycledAccessKeysDueAsync(TestData.T0.AddDays(5), 10, None)).Select(k => k.AccessKeyId));
        Assert.Single(await Store.ListRecycledAccessKeysDueAsync(TestData.T0.AddDays(5), 1, None));
        Assert.Equal([own.Key.AccessKeyId], (await Store.ListRecycledAccessKeysAsync(account.AccountId, null, None)).Select(k => k.AccessKeyId));

        Assert.True((await Store.DeleteRecycledAccessKeyAsync(soon.Key.AccessKeyId, TestData.Audit(account.AccountId, "PurgeAccessKeyFromRecycleBin", "k"), None)).IsSuccess);
        Assert.Null(await OtherNode.FindRecycledAccessKeyAsync(soon.Key.AccessKeyId, None));
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await OtherNode.DeleteRecycledAccessKeyAsync(soon.Key.AccessKeyId, TestData.Audit(account.AccountId, "PurgeAccessKeyFromRecycleBin", "k"), None)).Error);

        // Only keys in the bin hang on the user: its deletion takes them along.
        Assert.True((await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", user.UserName), None)).IsSuccess);
        Assert.Null(await Store.FindRecycledAccessKeyAsync(later.Key.AccessKeyId, None));
        Assert.NotNull(await Store.FindRecycledAccessKeyAsync(own.Key.AccessKeyId, None));
    }

    [Fact]
    public async Task RestoreAccessKeyAsync_from_many_callers_on_two_nodes_never_exceeds_the_limit()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var key = TestData.Key(account.AccountId, user.UserId, Secret, TestData.T0.AddTicks(i));
            Assert.True((await Store.AddAccessKeyAsync(key, 10, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
            Assert.True((await Store.RecycleAccessKeyAsync(key.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(30), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
            ids.Add(key.Key.AccessKeyId);
        }

        var results = await Task.WhenAll(ids.SelectMany(id => new[] { Store, OtherNode }.Select(node =>
            Task.Run(() => node.RestoreAccessKeyAsync(id, 2, TestData.T0.AddHours(1), TestData.Audit(account.AccountId, "RestoreAccessKeyFromRecycleBin", id), None)))));

        Assert.Equal(2, results.Count(r => r.IsSuccess));
        Assert.Equal(2, (await Store.ListAccessKeysAsync(account.AccountId, user.UserId, None)).Count);
        Assert.Equal(2, (await Store.ListRecycledAccessKeysAsync(account.AccountId, user.UserId, None)).Count);
    }
}
