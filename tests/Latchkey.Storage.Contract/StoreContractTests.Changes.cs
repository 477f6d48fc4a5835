using Latchkey.Core.AccessKeys;
using Latchkey.Core.Cluster;
using Latchkey.Core.Secrets;

namespace Latchkey.Storage.Contract;

/// <summary>The AccessKey change log (the outbox every node reads) and the node registry.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Every_committed_key_change_is_in_the_change_log_in_order_and_a_refused_one_is_not()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);
        var first = TestData.Key(account.AccountId, user.UserId, "PlainSecret-first");
        var second = TestData.Key(account.AccountId, user.UserId, "PlainSecret-second");
        var third = TestData.Key(account.AccountId, user.UserId, "PlainSecret-third");
        Assert.True((await Store.AddAccessKeyAsync(first, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.AddAccessKeyAsync(second, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
        Assert.False((await Store.AddAccessKeyAsync(third, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.UpdateAccessKeyStatusAsync(first.Key.AccessKeyId, AccessKeyStatus.Inactive, TestData.T0, TestData.Audit(account.AccountId, "UpdateAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.DeleteAccessKeyAsync(second.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.False((await Store.DeleteAccessKeyAsync(second.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.UpdateUserAsync(user with { UserName = user.UserName + "-renamed" }, TestData.Audit(account.AccountId, "UpdateUser", "u"), None)).IsSuccess);

        var changes = await OtherNode.ReadAccessKeyChangesAsync(start, 100, None);

        Assert.Equal(
            [first.Key.AccessKeyId, second.Key.AccessKeyId, first.Key.AccessKeyId, second.Key.AccessKeyId, first.Key.AccessKeyId],
            changes.Select(c => c.AccessKeyId));
        Assert.True(changes.Zip(changes.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        Assert.Equal(changes[^1].Sequence, await OtherNode.GetLatestAccessKeyChangeAsync(None));
        Assert.Equal(changes.Skip(2).Select(c => c.Sequence), (await OtherNode.ReadAccessKeyChangesAsync(changes[1].Sequence, 100, None)).Select(c => c.Sequence));
        Assert.Equal(2, (await OtherNode.ReadAccessKeyChangesAsync(start, 2, None)).Count);
    }

    [Fact]
    public async Task An_appended_change_is_read_by_the_other_node_in_order_with_key_changes()
    {
        var account = await AddAccountAsync();
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);
        var key = TestData.Key(account.AccountId, null, "PlainSecret-appended");
        Assert.True((await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None)).IsSuccess);
        await Store.AppendChangeAsync("permissions:" + account.AccountId, TestData.T0, None);

        var changes = await OtherNode.ReadAccessKeyChangesAsync(start, 100, None);

        Assert.Equal([key.Key.AccessKeyId, "permissions:" + account.AccountId], changes.Select(c => c.AccessKeyId));
        Assert.Equal(changes[^1].Sequence, await OtherNode.GetLatestAccessKeyChangeAsync(None));
    }

    [Fact]
    public async Task Change_log_rows_are_pruned_by_age()
    {
        var account = await AddAccountAsync();
        var old = TestData.Key(account.AccountId, null, "PlainSecret-old");
        var recent = TestData.Key(account.AccountId, null, "PlainSecret-new");
        var start = await Store.GetLatestAccessKeyChangeAsync(None);
        await Store.AddAccessKeyAsync(old, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k", TestData.T0), None);
        await Store.AddAccessKeyAsync(recent, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k", TestData.T0.AddHours(1)), None);

        var pruned = await Store.PruneAccessKeyChangesAsync(TestData.T0.AddMinutes(30), None);

        Assert.True(pruned >= 1);
        Assert.Equal([recent.Key.AccessKeyId], (await Store.ReadAccessKeyChangesAsync(start, 100, None)).Select(c => c.AccessKeyId));
    }

    [Fact]
    public async Task Nodes_register_beat_list_and_leave()
    {
        var a = new ClusterNode(TestData.NewId("n"), "host-a", 11, true, TestData.T0, 0, TestData.T0);
        var b = new ClusterNode(TestData.NewId("n"), "host-b", 22, false, TestData.T0, 5, TestData.T0);
        await Store.RegisterNodeAsync(a, None);
        await OtherNode.RegisterNodeAsync(b, None);

        Assert.True(await OtherNode.HeartbeatNodeAsync(a.NodeId, TestData.T0.AddSeconds(2), None));
        Assert.False(await OtherNode.HeartbeatNodeAsync("missing", TestData.T0, None));
        var listed = (await Store.ListNodesAsync(None)).Where(n => n.NodeId == a.NodeId || n.NodeId == b.NodeId).ToDictionary(n => n.NodeId);
        Assert.Equal(a with { Heartbeats = 1, LastHeartbeat = TestData.T0.AddSeconds(2) }, listed[a.NodeId]);
        Assert.Equal(b, listed[b.NodeId]);

        await Store.RegisterNodeAsync(b with { Heartbeats = 0, SharesState = true }, None);
        await Store.RemoveNodeAsync(a.NodeId, None);
        var after = (await OtherNode.ListNodesAsync(None)).Where(n => n.NodeId == a.NodeId || n.NodeId == b.NodeId).ToList();
        Assert.Equal([b with { Heartbeats = 0, SharesState = true }], after);
    }

    [Fact]
    public async Task Master_key_checks_and_secret_formats_round_trip()
    {
        await Store.AddMasterKeyCheckAsync(1, [1, 2, 3], None);
        await OtherNode.AddMasterKeyCheckAsync(1, [9, 9, 9], None);
        await OtherNode.AddMasterKeyCheckAsync(2, [4, 5], None);
        var checks = await Store.ListMasterKeyChecksAsync(None);
        Assert.Equal([1, 2, 3], checks[1]);
        Assert.Equal([4, 5], checks[2]);
        await Store.RemoveMasterKeyCheckAsync(1, None);
        Assert.Equal([2], (await OtherNode.ListMasterKeyChecksAsync(None)).Keys);

        var account = await AddAccountAsync();
        var legacy = TestData.Key(account.AccountId, null, "PlainSecret-legacy");
        var bound = TestData.Key(account.AccountId, null, "PlainSecret-bound");
        bound = bound with { Secret = bound.Secret with { KeyVersion = 3, Format = ProtectedSecret.OwnerBoundFormat } };
        await Store.AddAccessKeyAsync(legacy, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        await Store.AddAccessKeyAsync(bound, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);

        Assert.Equal(ProtectedSecret.OwnerBoundFormat, (await OtherNode.FindAccessKeyAsync(bound.Key.AccessKeyId, None))!.Secret.Format);
        Assert.Equal(ProtectedSecret.LegacyFormat, (await OtherNode.FindAccessKeyAsync(legacy.Key.AccessKeyId, None))!.Secret.Format);
        var counts = await OtherNode.CountAccessKeysByKeyVersionAsync(None);
        Assert.Equal(1, counts[3]);
        Assert.Equal(bound.Key.AccessKeyId, (await OtherNode.FindAccessKeyByKeyVersionAsync(3, None))!.Key.AccessKeyId);
        Assert.Null(await OtherNode.FindAccessKeyByKeyVersionAsync(77, None));
        Assert.Contains(legacy.Key.AccessKeyId, await ListIdsAsync(ProtectedSecret.LegacyFormat));
        Assert.DoesNotContain(bound.Key.AccessKeyId, await ListIdsAsync(ProtectedSecret.LegacyFormat));

        await Store.ReplaceSecretAsync(legacy.Key.AccessKeyId, legacy.Secret with { KeyVersion = 3, Format = ProtectedSecret.OwnerBoundFormat }, None);
        var replaced = (await OtherNode.FindAccessKeyAsync(legacy.Key.AccessKeyId, None))!.Secret;
        Assert.Equal((3, ProtectedSecret.OwnerBoundFormat), (replaced.KeyVersion, replaced.Format));
        Assert.DoesNotContain(legacy.Key.AccessKeyId, await ListIdsAsync(ProtectedSecret.LegacyFormat));
    }

    private async Task<List<string>> ListIdsAsync(int format)
    {
        var ids = new List<string>();
        await foreach (var row in OtherNode.ListAccessKeysBySecretFormatAsync(format, None))
        {
            ids.Add(row.Key.AccessKeyId);
        }

        return ids;
    }
}
