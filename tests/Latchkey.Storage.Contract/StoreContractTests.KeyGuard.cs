using Latchkey.Core.AccessKeys;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Contract;

/// <summary>Network policies, canaries, leak reports and usage counters (schema 0090).</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Network_policy_round_trips_and_every_change_is_in_the_change_log()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, null, "PlainSecret-guard");
        await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        var id = key.Key.AccessKeyId;
        var start = await OtherNode.GetLatestAccessKeyChangeAsync(None);
        Assert.Null(await OtherNode.FindAccessKeyGuardAsync(id, None));

        const string Document = """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8"]}]}""";
        Assert.True((await Store.SetAccessKeyNetworkPolicyAsync(id, Document, TestData.Audit(account.AccountId, "SetAccessKeyPolicy", id), None)).IsSuccess);
        Assert.Equal(new AccessKeyGuard(id, Document, false, null, null), await OtherNode.FindAccessKeyGuardAsync(id, None));
        Assert.True((await Store.SetAccessKeyNetworkPolicyAsync(id, null, TestData.Audit(account.AccountId, "SetAccessKeyPolicy", id), None)).IsSuccess);
        Assert.Null((await OtherNode.FindAccessKeyGuardAsync(id, None))?.NetworkPolicy);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.SetAccessKeyNetworkPolicyAsync("LTAImissing000000000000", Document, TestData.Audit(account.AccountId, "SetAccessKeyPolicy", "x"), None)).Error);

        Assert.Equal([id, id], (await OtherNode.ReadAccessKeyChangesAsync(start, 100, None)).Select(c => c.AccessKeyId));
        Assert.Equal(2, (await OtherNode.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items.Count(e => e.EventName == "SetAccessKeyPolicy"));
    }

    [Fact]
    public async Task Canary_trips_once_across_nodes()
    {
        var account = await AddAccountAsync();
        var key = TestData.Key(account.AccountId, null, "PlainSecret-canary");
        var plain = TestData.Key(account.AccountId, null, "PlainSecret-plain");
        await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        await Store.AddAccessKeyAsync(plain, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        var id = key.Key.AccessKeyId;

        Assert.True((await Store.MarkAccessKeyCanaryAsync(id, TestData.Audit(account.AccountId, "CreateCanaryAccessKey", id), None)).IsSuccess);
        var trips = await Task.WhenAll(
            Store.TripAccessKeyCanaryAsync(id, TestData.Audit(account.AccountId, "CanaryAccessKeyUsed", id, TestData.T0.AddMinutes(1)), None),
            OtherNode.TripAccessKeyCanaryAsync(id, TestData.Audit(account.AccountId, "CanaryAccessKeyUsed", id, TestData.T0.AddMinutes(1)), None),
            Store.TripAccessKeyCanaryAsync(id, TestData.Audit(account.AccountId, "CanaryAccessKeyUsed", id, TestData.T0.AddMinutes(1)), None));

        Assert.Single(trips, t => t);
        Assert.False(await Store.TripAccessKeyCanaryAsync(plain.Key.AccessKeyId, TestData.Audit(account.AccountId, "CanaryAccessKeyUsed", "p"), None));
        var guard = await OtherNode.FindAccessKeyGuardAsync(id, None);
        Assert.True(guard?.Canary);
        Assert.Equal(TestData.T0.AddMinutes(1), guard?.CanaryTrippedAt);
        Assert.Single((await OtherNode.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items, e => e.EventName == "CanaryAccessKeyUsed");
    }

    [Fact]
    public async Task Leak_report_disables_or_restricts_in_one_transaction()
    {
        var account = await AddAccountAsync();
        var disable = TestData.Key(account.AccountId, null, "PlainSecret-leak1");
        var restrict = TestData.Key(account.AccountId, null, "PlainSecret-leak2");
        await Store.AddAccessKeyAsync(disable, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        await Store.AddAccessKeyAsync(restrict, 2, TestData.Audit(account.AccountId, "CreateAccessKey", "k"), None);
        var first = new LeakReport(TestData.NewId("r"), disable.Key.AccessKeyId, account.AccountId, TestData.T0, "github", "https://github.com/a/b", LeakAction.Disable);
        var second = new LeakReport(TestData.NewId("r"), restrict.Key.AccessKeyId, account.AccountId, TestData.T0.AddHours(1), "cli", "", LeakAction.Restrict);
        var missing = new LeakReport(TestData.NewId("r"), "LTAImissing000000000000", account.AccountId, TestData.T0, "cli", "", LeakAction.Disable);

        Assert.True((await Store.RecordLeakReportAsync(first, TestData.Audit(account.AccountId, "ReportAccessKeyLeak", "k"), None)).IsSuccess);
        Assert.True((await OtherNode.RecordLeakReportAsync(second, TestData.Audit(account.AccountId, "ReportAccessKeyLeak", "k"), None)).IsSuccess);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, (await Store.RecordLeakReportAsync(missing, TestData.Audit(account.AccountId, "ReportAccessKeyLeak", "k"), None)).Error);

        Assert.Equal(AccessKeyStatus.Inactive, (await OtherNode.FindAccessKeyAsync(disable.Key.AccessKeyId, None))?.Key.Status);
        Assert.Equal(AccessKeyStatus.Active, (await OtherNode.FindAccessKeyAsync(restrict.Key.AccessKeyId, None))?.Key.Status);
        Assert.Equal(TestData.T0.AddHours(1), (await OtherNode.FindAccessKeyGuardAsync(restrict.Key.AccessKeyId, None))?.RestrictedAt);
        Assert.Equal([second, first], await OtherNode.ListLeakReportsAsync(account.AccountId, None));
    }

    [Fact]
    public async Task A_keys_guard_stays_while_it_is_in_the_bin_and_goes_when_the_key_goes_for_good()
    {
        var account = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var purged = TestData.Key(account.AccountId, null, "PlainSecret-guard-purged");
        var deleted = TestData.Key(account.AccountId, null, "PlainSecret-guard-deleted");
        var withUser = TestData.Key(account.AccountId, user.UserId, "PlainSecret-guard-user");
        const string Document = """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8"]}]}""";
        foreach (var key in new[] { purged, deleted, withUser })
        {
            var id = key.Key.AccessKeyId;
            await Store.AddAccessKeyAsync(key, 2, TestData.Audit(account.AccountId, "CreateAccessKey", id), None);
            Assert.True((await Store.SetAccessKeyNetworkPolicyAsync(id, Document, TestData.Audit(account.AccountId, "SetAccessKeyPolicy", id), None)).IsSuccess);
            Assert.True((await Store.MarkAccessKeyCanaryAsync(id, TestData.Audit(account.AccountId, "CreateCanaryAccessKey", id), None)).IsSuccess);
        }

        Assert.True((await Store.RecycleAccessKeyAsync(purged.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(30), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.RecycleAccessKeyAsync(withUser.Key.AccessKeyId, TestData.T0, TestData.T0.AddDays(30), TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        var whileBinned = await OtherNode.FindAccessKeyGuardAsync(purged.Key.AccessKeyId, None);
        Assert.True((await Store.DeleteRecycledAccessKeyAsync(purged.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKeyInRecycleBin", "k"), None)).IsSuccess);
        Assert.True((await Store.DeleteAccessKeyAsync(deleted.Key.AccessKeyId, TestData.Audit(account.AccountId, "DeleteAccessKey", "k"), None)).IsSuccess);
        Assert.True((await Store.DeleteUserAsync(account.AccountId, user.UserId, TestData.Audit(account.AccountId, "DeleteUser", "u"), None)).IsSuccess);

        Assert.Equal(Document, whileBinned?.NetworkPolicy);
        Assert.Null(await OtherNode.FindAccessKeyGuardAsync(purged.Key.AccessKeyId, None));
        Assert.Null(await OtherNode.FindAccessKeyGuardAsync(deleted.Key.AccessKeyId, None));
        Assert.Null(await OtherNode.FindAccessKeyGuardAsync(withUser.Key.AccessKeyId, None));
    }

    [Fact]
    public async Task Usage_counters_add_up_across_batches_and_nodes_and_are_pruned()
    {
        var id = TestData.NewId("LTAI");
        var hour = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        var day = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

        await Store.RecordAccessKeyUsageAsync(
            [new AccessKeyUsageHour(id, hour, 5, 1, 0), new AccessKeyUsageHour(id, hour.AddHours(1), 2, 0, 1)],
            [new AccessKeyUsageSource(id, day, "192.0.2.1", 5, 0), new AccessKeyUsageSource(id, day, "2001:db8::1", 2, 1)],
            None);
        await OtherNode.RecordAccessKeyUsageAsync([new AccessKeyUsageHour(id, hour, 3, 2, 1)], [new AccessKeyUsageSource(id, day, "192.0.2.1", 3, 1)], None);
        await Store.RecordAccessKeyUsageAsync([new AccessKeyUsageHour(id, hour.AddDays(-40), 9, 9, 9)], [new AccessKeyUsageSource(id, day.AddDays(-40), "198.51.100.1", 9, 0)], None);

        Assert.Equal(
            [new AccessKeyUsageHour(id, hour, 8, 3, 1), new AccessKeyUsageHour(id, hour.AddHours(1), 2, 0, 1)],
            await OtherNode.ReadAccessKeyUsageAsync(id, day, None));
        Assert.Equal(
            [new AccessKeyUsageSource(id, day, "192.0.2.1", 8, 1), new AccessKeyUsageSource(id, day, "2001:db8::1", 2, 1)],
            await OtherNode.ReadAccessKeyUsageSourcesAsync(id, day, None));

        Assert.True(await Store.PruneAccessKeyUsageAsync(day.AddDays(-30), None) >= 2);
        Assert.Equal(2, (await Store.ReadAccessKeyUsageAsync(id, DateTimeOffset.MinValue.AddYears(1), None)).Count);
        Assert.Equal(2, (await Store.ReadAccessKeyUsageSourcesAsync(id, DateTimeOffset.MinValue.AddYears(1), None)).Count);
    }
}
