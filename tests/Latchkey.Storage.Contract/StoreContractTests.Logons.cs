using Latchkey.Core.Logons;

namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    private static readonly LogonThrottleRule ThrottleRule = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    [Fact]
    public async Task RecordLogonFailureAsync_counts_on_both_nodes_and_locks_at_the_limit_without_extending_the_lock()
    {
        var key = TestData.NewId("logon-");
        var t = TestData.T0;
        Assert.Null(await Store.FindLogonThrottleAsync(key, None));

        for (var i = 1; i <= 4; i++)
        {
            var node = i % 2 == 0 ? OtherNode : Store;
            var row = await node.RecordLogonFailureAsync(key, t.AddMinutes(i), ThrottleRule, None);
            Assert.Equal(new LogonThrottle(i, t.AddMinutes(1) + ThrottleRule.Window, null), row);
        }

        var locked = await OtherNode.RecordLogonFailureAsync(key, t.AddMinutes(5), ThrottleRule, None);
        Assert.Equal(new LogonThrottle(5, t.AddMinutes(16), t.AddMinutes(20)), locked);
        Assert.Equal(locked, await Store.FindLogonThrottleAsync(key, None));

        // A failure during the lock counts but never moves the lock's end.
        var during = await Store.RecordLogonFailureAsync(key, t.AddMinutes(19), ThrottleRule, None);
        Assert.Equal(new LogonThrottle(6, t.AddMinutes(16), t.AddMinutes(20)), during);

        // After the lock has run out the count starts again.
        var after = await OtherNode.RecordLogonFailureAsync(key, t.AddMinutes(20), ThrottleRule, None);
        Assert.Equal(new LogonThrottle(1, t.AddMinutes(35), null), after);
    }

    [Fact]
    public async Task RecordLogonFailureAsync_starts_again_when_the_window_ends_and_ResetLogonFailuresAsync_forgets()
    {
        var key = TestData.NewId("logon-");
        var t = TestData.T0;
        for (var i = 0; i < 4; i++)
        {
            await Store.RecordLogonFailureAsync(key, t, ThrottleRule, None);
        }

        var fresh = await OtherNode.RecordLogonFailureAsync(key, t + ThrottleRule.Window, ThrottleRule, None);
        Assert.Equal(new LogonThrottle(1, t + ThrottleRule.Window + ThrottleRule.Window, null), fresh);

        await OtherNode.ResetLogonFailuresAsync(key, None);
        Assert.Null(await Store.FindLogonThrottleAsync(key, None));
        await Store.ResetLogonFailuresAsync(key, None); // resetting nothing is fine
    }

    [Fact]
    public async Task RecordLogonFailureAsync_from_50_concurrent_callers_on_two_nodes_counts_every_failure()
    {
        var key = TestData.NewId("logon-");
        var t = TestData.T0;
        var rows = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? Store : OtherNode).RecordLogonFailureAsync(key, t, ThrottleRule, None)));

        Assert.Equal(Enumerable.Range(1, 50), rows.Select(row => row.Failures).Order());
        Assert.All(rows.Where(row => row.Failures >= 5), row => Assert.Equal(t + ThrottleRule.LockDuration, row.LockedUntil));
        Assert.All(rows.Where(row => row.Failures < 5), row => Assert.Null(row.LockedUntil));
        Assert.Equal(50, (await Store.FindLogonThrottleAsync(key, None))!.Failures);
    }

    [Fact]
    public async Task RecordLogonFailureAsync_removes_rows_past_their_window_and_lock()
    {
        var stale = TestData.NewId("logon-");
        var live = TestData.NewId("logon-");
        var t = TestData.T0;
        await Store.RecordLogonFailureAsync(stale, t, ThrottleRule, None);
        await Store.RecordLogonFailureAsync(live, t.AddMinutes(20), ThrottleRule, None);

        await OtherNode.RecordLogonFailureAsync(TestData.NewId("logon-"), t + ThrottleRule.Window + ThrottleRule.LockDuration, ThrottleRule, None);

        Assert.Null(await Store.FindLogonThrottleAsync(stale, None));
        Assert.NotNull(await Store.FindLogonThrottleAsync(live, None));
    }
}
