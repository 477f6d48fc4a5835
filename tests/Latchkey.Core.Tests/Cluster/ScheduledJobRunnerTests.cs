using Latchkey.Core.AccessKeys;
using Latchkey.Core.Cluster;
using Latchkey.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Core.Tests.Cluster;

public sealed class ScheduledJobRunnerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class CountingJob(string name, TimeSpan period) : IScheduledJob
    {
        public int Runs;

        public string Name => name;

        public TimeSpan Period => period;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task ADueJob_RunsOnOneNodeOfMany_OncePerPeriod()
    {
        using var h = new CoreHarness();
        var job = new CountingJob("daily", TimeSpan.FromDays(1));
        var nodes = Enumerable.Range(0, 4).Select(_ => new ScheduledJobRunner(h.Store, [job], h.Time, NullLogger<ScheduledJobRunner>.Instance)).ToList();

        var first = await Task.WhenAll(nodes.Select(n => n.RunDueAsync(None)));
        h.Time.Advance(TimeSpan.FromHours(23));
        var sameDay = await Task.WhenAll(nodes.Select(n => n.RunDueAsync(None)));
        h.Time.Advance(TimeSpan.FromHours(1));
        var nextDay = await Task.WhenAll(nodes.Select(n => n.RunDueAsync(None)));

        Assert.Equal(1, first.Count(ran => ran.Count == 1));
        Assert.All(sameDay, ran => Assert.Empty(ran));
        Assert.Equal(1, nextDay.Count(ran => ran.Count == 1));
        Assert.Equal(2, job.Runs);
        Assert.Equal(h.Time.GetUtcNow(), await h.Store.GetJobLastCompletedAsync("daily", None));
    }

    [Fact]
    public async Task ALeaseLeftByADeadNode_LapsesAndAnotherNodeRunsTheJob()
    {
        using var h = new CoreHarness();
        var job = new CountingJob("daily", TimeSpan.FromDays(1));
        var survivor = new ScheduledJobRunner(h.Store, [job], h.Time, NullLogger<ScheduledJobRunner>.Instance);
        Assert.True(await h.Store.TryAcquireJobLeaseAsync("daily", "dead-node", h.Time.GetUtcNow(), h.Time.GetUtcNow() + ScheduledJobRunner.LeaseLength, h.Time.GetUtcNow(), None));

        var whileHeld = await survivor.RunDueAsync(None);
        h.Time.Advance(ScheduledJobRunner.LeaseLength);
        var afterLapse = await survivor.RunDueAsync(None);

        Assert.Empty(whileHeld);
        Assert.Equal(["daily"], afterLapse);
    }

    [Fact]
    public async Task ThePurgeJob_WithAControlledClock_EmptiesTheBinOnlyAfterTheRetention()
    {
        using var h = new CoreHarness();
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var key = await h.NewKeyAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", key.Key.AccessKeyId, None)).IsSuccess);
        var runner = h.Get<ScheduledJobRunner>();
        var bin = h.Get<AccessKeyRecycleBin>();

        Assert.Contains("access-key-recycle-bin-purge", await runner.RunDueAsync(None));
        Assert.Single((await bin.ListAsync(ctx.Actor, user.UserId, None)).Value);
        h.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(30));
        await runner.RunDueAsync(None);
        Assert.Single((await bin.ListAsync(ctx.Actor, user.UserId, None)).Value);
        h.Time.Advance(TimeSpan.FromHours(1));
        await runner.RunDueAsync(None);

        Assert.Empty((await bin.ListAsync(ctx.Actor, user.UserId, None)).Value);
        Assert.Contains(h.Store.AuditEvents, e => e.EventName == "PurgeAccessKeyFromRecycleBin" && e.ResourceName == key.Key.AccessKeyId);
    }
}
