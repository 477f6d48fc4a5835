using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Cluster;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;
using Latchkey.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Core.Tests.AccessKeys;

/// <summary>Server-side rotation with a controlled clock: the job watches the old key, disables it after the grace period, recycles it after the hold.</summary>
public sealed class AccessKeyRotationsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    private static CoreHarness Harness(CountingMetrics metrics, string hold = "00:00:00", string recycleBinDays = "30") => new(
        new Dictionary<string, string?> { ["AccessKeyLifecycle:RotationRecycleHold"] = hold, ["AccessKeyLifecycle:RecycleBinDays"] = recycleBinDays },
        services => services.AddSingleton<IMetricsSink>(metrics));

    private static async Task<(Account Account, CreatedAccessKey Key)> UserWithKeyAsync(CoreHarness h)
    {
        var account = await h.NewAccountAsync();
        await h.NewUserAsync(account, "alice");
        return (account, await h.NewKeyAsync(account, "alice"));
    }

    private static async Task<StartedAccessKeyRotation> StartAsync(CoreHarness h, Account account, string accessKeyId, TimeSpan? grace = null)
    {
        var started = await h.Get<AccessKeyRotations>().StartAsync(CoreHarness.AsAccount(account), "alice", accessKeyId, grace ?? Grace, None);
        Assert.True(started.IsSuccess, started.Error?.Code);
        return started.Value;
    }

    private static async Task<AccessKeyStatus?> LiveStatusAsync(CoreHarness h, string accessKeyId) =>
        (await h.Store.FindAccessKeyAsync(accessKeyId, None))?.Key.Status;

    private static async Task<AccessKeyRotation> RotationAsync(CoreHarness h, string rotationId) =>
        (await h.Store.FindAccessKeyRotationAsync(rotationId, None))!;

    /// <summary>What the usage recorder's 10-second flush writes for calls made now.</summary>
    private static Task CountCallsAsync(CoreHarness h, string accessKeyId, long calls)
    {
        var now = h.Time.GetUtcNow().UtcDateTime;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return h.Store.RecordAccessKeyUsageAsync([new AccessKeyUsageHour(accessKeyId, hour, calls, 0, 0)], [], None);
    }

    [Fact]
    public async Task TheOldKey_StaysActiveWhileUsedWithinTheGrace_IsDisabledExactlyAfter_AndRecycledAfterTheHold()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics, hold: "00:10:00");
        var (account, old) = await UserWithKeyAsync(h);
        var oldId = old.Key.AccessKeyId;
        var rotations = h.Get<AccessKeyRotations>();
        await CountCallsAsync(h, oldId, 7); // before the start: not a use after it
        var started = await StartAsync(h, account, oldId);

        // Used at +10 min (usage counters) and +12 min (recorded last use): unused since +12.
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await CountCallsAsync(h, oldId, 3);
        await rotations.RunAsync(None);
        var afterCounters = await RotationAsync(h, started.Rotation.RotationId);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.Store.RecordLastUseAsync([new(oldId, new AccessKeyLastUse(h.Time.GetUtcNow(), "ram", "ListUsers", "198.51.100.9"))], None);
        h.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        await rotations.RunAsync(None);
        var statusJustBefore = await LiveStatusAsync(h, oldId);
        h.Time.Advance(TimeSpan.FromTicks(1));
        await rotations.RunAsync(None);
        var disabled = await RotationAsync(h, started.Rotation.RotationId);
        var statusAtGrace = await LiveStatusAsync(h, oldId);
        h.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        await rotations.RunAsync(None);
        var statusInHold = await LiveStatusAsync(h, oldId);
        h.Time.Advance(TimeSpan.FromTicks(1));
        await rotations.RunAsync(None);

        Assert.Equal(AccessKeyStatus.Active, await LiveStatusAsync(h, started.NewKey.Key.AccessKeyId));
        Assert.Equal(CoreHarness.Start.AddMinutes(10), afterCounters.LastSeenUse);
        Assert.Equal(AccessKeyStatus.Active, statusJustBefore);
        Assert.Equal(AccessKeyStatus.Inactive, statusAtGrace);
        Assert.Equal(AccessKeyRotationState.Disabled, disabled.State);
        Assert.Equal(CoreHarness.Start.AddMinutes(12), disabled.LastSeenUse);
        Assert.Equal(CoreHarness.Start.AddMinutes(27), disabled.StateChangedAt);
        Assert.Equal(AccessKeyStatus.Inactive, statusInHold);
        Assert.Null(await LiveStatusAsync(h, oldId));
        var binned = await h.Store.FindRecycledAccessKeyAsync(oldId, None);
        Assert.NotNull(binned);
        Assert.Equal(CoreHarness.Start.AddMinutes(37).AddDays(30), binned.PurgeDate);
        var done = await RotationAsync(h, started.Rotation.RotationId);
        Assert.Equal(AccessKeyRotationState.Recycled, done.State);
        Assert.False(done.IsOpen);

        var events = h.Store.AuditEvents.Where(e => e.ResourceName == oldId && e.EventName.StartsWith("AccessKeyRotation", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AccessKeyRotationStarted", "AccessKeyRotationOldKeyDisabled", "AccessKeyRotationOldKeyRecycled"], events.Select(e => e.EventName));
        Assert.Contains($"NewAccessKeyId={started.NewKey.Key.AccessKeyId}", events[0].Details, StringComparison.Ordinal);
        Assert.Equal(AccessKeyRecycleBin.SystemActor, events[1].ActorPrincipalId);
        Assert.Contains("UnusedSince=", events[1].Details, StringComparison.Ordinal);
        Assert.All(events, e => Assert.DoesNotContain(started.NewKey.Secret.Reveal(), e.Details, StringComparison.Ordinal));
        Assert.Equal(1, metrics.Count("started"));
        Assert.Equal(1, metrics.Count("old_key_disabled"));
        Assert.Equal(1, metrics.Count("old_key_recycled"));
        Assert.Equal(3, metrics.Rotations.Values.Sum());
    }

    [Fact]
    public async Task WithNoHold_TheOldKeyIsDisabledAndRecycledInTheSameRun_AndRecycleBinOffDeletesIt()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics, recycleBinDays: "0");
        var (account, old) = await UserWithKeyAsync(h);
        var started = await StartAsync(h, account, old.Key.AccessKeyId);

        h.Time.Advance(Grace);
        var steps = await h.Get<AccessKeyRotations>().RunAsync(None);

        Assert.Equal(2, steps);
        Assert.Null(await LiveStatusAsync(h, old.Key.AccessKeyId));
        Assert.Null(await h.Store.FindRecycledAccessKeyAsync(old.Key.AccessKeyId, None));
        Assert.Equal(AccessKeyRotationState.Recycled, (await RotationAsync(h, started.Rotation.RotationId)).State);
        Assert.Contains(h.Store.AuditEvents, e => e.EventName == "AccessKeyRotationOldKeyRecycled" && e.Details.Contains("RecycleBin=off", StringComparison.Ordinal));
        Assert.Equal(0, await h.Get<AccessKeyRotations>().RunAsync(None));
    }

    [Fact]
    public async Task ACancelledRotation_LeavesBothKeysAlone_AndCannotBeCancelledTwice()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics);
        var (account, old) = await UserWithKeyAsync(h);
        var started = await StartAsync(h, account, old.Key.AccessKeyId);
        var rotations = h.Get<AccessKeyRotations>();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var cancelled = await rotations.CancelAsync(CoreHarness.AsAccount(account), "alice", old.Key.AccessKeyId, None);
        h.Time.Advance(TimeSpan.FromDays(1));
        await rotations.RunAsync(None);
        var again = await rotations.CancelAsync(CoreHarness.AsAccount(account), "alice", old.Key.AccessKeyId, None);

        Assert.True(cancelled.IsSuccess, cancelled.Error?.Code);
        Assert.Equal(AccessKeyRotationState.Cancelled, cancelled.Value.State);
        Assert.Equal(AccessKeyStatus.Active, await LiveStatusAsync(h, old.Key.AccessKeyId));
        Assert.Equal(AccessKeyStatus.Active, await LiveStatusAsync(h, started.NewKey.Key.AccessKeyId));
        Assert.Equal(AccessKeyRotationState.Cancelled, (await RotationAsync(h, started.Rotation.RotationId)).State);
        Assert.Equal(Errors.Rotation.NotFound, again.Error);
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "AccessKeyRotationCancelled" && e.ResourceName == old.Key.AccessKeyId);
        Assert.Equal(1, metrics.Count("cancelled"));
        Assert.Equal(0, metrics.Count("old_key_disabled"));
    }

    [Fact]
    public async Task AtTheCap_TheRotationIsRefusedWithTheRotationMessage_AndNothingChanges()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics);
        var (account, old) = await UserWithKeyAsync(h);
        await h.NewKeyAsync(account, "alice");
        var auditBefore = h.Store.AuditEvents.Count;

        var refused = await h.Get<AccessKeyRotations>().StartAsync(CoreHarness.AsAccount(account), "alice", old.Key.AccessKeyId, Grace, None);

        Assert.Equal(Errors.AccessKey.RotateLimitExceeded, refused.Error);
        Assert.Contains("no room for the new one", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await h.Keys.ListAsync(CoreHarness.AsAccount(account).Actor, "alice", None)).Value.Count);
        Assert.Null(await h.Store.FindOpenAccessKeyRotationAsync(old.Key.AccessKeyId, None));
        Assert.Equal(auditBefore, h.Store.AuditEvents.Count);
        Assert.Equal(1, metrics.Count("refused"));
        Assert.Equal(0, metrics.Count("started"));
    }

    [Fact]
    public async Task AKeyAlreadyRotating_ItsNewKey_ADisabledKey_AndABadGrace_AreRefused()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics);
        var account = await h.NewAccountAsync();
        var old = await h.NewKeyAsync(account);
        var ctx = CoreHarness.AsAccount(account);
        var rotations = h.Get<AccessKeyRotations>();
        var started = await rotations.StartAsync(ctx, null, old.Key.AccessKeyId, null, None);
        Assert.True(started.IsSuccess, started.Error?.Code);

        var twice = await rotations.StartAsync(ctx, null, old.Key.AccessKeyId, null, None);
        var chained = await rotations.StartAsync(ctx, null, started.Value.NewKey.Key.AccessKeyId, null, None);
        var keysAfter = (await h.Keys.ListAsync(ctx.Actor, null, None)).Value.Count;
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, null, old.Key.AccessKeyId, "Inactive", None)).IsSuccess);
        await rotations.CancelAsync(ctx, null, old.Key.AccessKeyId, None);
        var disabled = await rotations.StartAsync(ctx, null, old.Key.AccessKeyId, null, None);
        var tooShort = await rotations.StartAsync(ctx, null, started.Value.NewKey.Key.AccessKeyId, TimeSpan.Zero, None);
        var tooLong = await rotations.StartAsync(ctx, null, started.Value.NewKey.Key.AccessKeyId, TimeSpan.FromDays(31), None);
        var missing = await rotations.StartAsync(ctx, null, "LTAI5tNotAKeyOfThisAccount", null, None);

        Assert.Equal(TimeSpan.FromMinutes(15), started.Value.Rotation.GracePeriod);
        Assert.Equal(Errors.Rotation.InProgress, twice.Error);
        Assert.Equal(Errors.Rotation.InProgress, chained.Error);
        Assert.Equal(2, keysAfter);
        Assert.Equal(Errors.Rotation.KeyInactive, disabled.Error);
        Assert.Equal(Errors.Rotation.InvalidGracePeriod, tooShort.Error);
        Assert.Equal(Errors.Rotation.InvalidGracePeriod, tooLong.Error);
        Assert.Equal(Errors.AccessKey.UserKeyNotFound, missing.Error);
        Assert.Equal(5, metrics.Count("refused"));
    }

    [Fact]
    public async Task KeysChangedByHandMidRotation_EndTheRotation_Audited()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics, hold: "01:00:00");
        var account = await h.NewAccountAsync();
        var ctx = CoreHarness.AsAccount(account);
        var rotations = h.Get<AccessKeyRotations>();
        async Task<StartedAccessKeyRotation> StartOwnAsync()
        {
            var key = await h.NewKeyAsync(account);
            var started = await rotations.StartAsync(ctx, null, key.Key.AccessKeyId, Grace, None);
            Assert.True(started.IsSuccess, started.Error?.Code);
            return started.Value;
        }

        // Old key deleted by hand while waiting: the person finished it; the rotation ends.
        var oldDeleted = await StartOwnAsync();
        Assert.True((await h.Keys.DeleteAsync(ctx, null, oldDeleted.Rotation.OldAccessKeyId, None)).IsSuccess);
        await rotations.RunAsync(None);
        Assert.Equal(("OldKeyDeleted", AccessKeyRotationState.Ended), await EndOf(oldDeleted));
        Assert.True((await h.Keys.DeleteAsync(ctx, null, oldDeleted.NewKey.Key.AccessKeyId, None)).IsSuccess);

        // New key deleted by hand: nothing to switch to, so the old key is never disabled.
        var newDeleted = await StartOwnAsync();
        Assert.True((await h.Keys.DeleteAsync(ctx, null, newDeleted.NewKey.Key.AccessKeyId, None)).IsSuccess);
        h.Time.Advance(Grace);
        await rotations.RunAsync(None);
        Assert.Equal(("NewKeyDeleted", AccessKeyRotationState.Ended), await EndOf(newDeleted));
        Assert.Equal(AccessKeyStatus.Active, await LiveStatusAsync(h, newDeleted.Rotation.OldAccessKeyId));
        Assert.True((await h.Keys.DeleteAsync(ctx, null, newDeleted.Rotation.OldAccessKeyId, None)).IsSuccess);

        // Old key enabled again while disabled (a forgotten client): it stays, the rotation ends.
        var enabled = await StartOwnAsync();
        h.Time.Advance(Grace);
        await rotations.RunAsync(None);
        Assert.Equal(AccessKeyRotationState.Disabled, (await RotationAsync(h, enabled.Rotation.RotationId)).State);
        Assert.True((await h.Keys.UpdateStatusAsync(ctx, null, enabled.Rotation.OldAccessKeyId, "Active", None)).IsSuccess);
        h.Time.Advance(TimeSpan.FromHours(1));
        await rotations.RunAsync(None);
        Assert.Equal(("OldKeyEnabled", AccessKeyRotationState.Ended), await EndOf(enabled));
        Assert.Equal(AccessKeyStatus.Active, await LiveStatusAsync(h, enabled.Rotation.OldAccessKeyId));

        Assert.Equal(3, h.Store.AuditEvents.Count(e => e.EventName == "AccessKeyRotationEnded"));
        Assert.Contains(h.Store.AuditEvents, e => e.EventName == "AccessKeyRotationEnded" && e.Details.Contains("Reason=NewKeyDeleted", StringComparison.Ordinal));
        Assert.Equal(3, metrics.Count("ended"));

        async Task<(string?, AccessKeyRotationState)> EndOf(StartedAccessKeyRotation started)
        {
            var rotation = await RotationAsync(h, started.Rotation.RotationId);
            return (rotation.EndReason, rotation.State);
        }
    }

    [Fact]
    public async Task TwoNodes_RunTheRotationJobOnce()
    {
        var metrics = new CountingMetrics();
        using var h = Harness(metrics);
        var (account, old) = await UserWithKeyAsync(h);
        await StartAsync(h, account, old.Key.AccessKeyId);
        var jobs = h.Get<IEnumerable<IScheduledJob>>().ToList();
        Assert.Contains(jobs, j => j is AccessKeyRotationJob);
        var nodes = Enumerable.Range(0, 2).Select(_ => new ScheduledJobRunner(h.Store, jobs, h.Time, NullLogger<ScheduledJobRunner>.Instance)).ToList();
        h.Time.Advance(Grace);

        var ran = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.RunDueAsync(None))));
        var again = await Task.WhenAll(nodes.Select(n => n.RunDueAsync(None)));

        Assert.Equal(1, ran.Count(names => names.Contains("access-key-rotations")));
        Assert.DoesNotContain(again, names => names.Contains("access-key-rotations"));
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "AccessKeyRotationOldKeyDisabled");
        Assert.Single(h.Store.AuditEvents, e => e.EventName == "AccessKeyRotationOldKeyRecycled");
        Assert.Equal(1, metrics.Count("old_key_disabled"));
        Assert.NotNull(await h.Store.FindRecycledAccessKeyAsync(old.Key.AccessKeyId, None));
    }
}
