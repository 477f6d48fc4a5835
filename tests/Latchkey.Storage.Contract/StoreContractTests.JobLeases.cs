namespace Latchkey.Storage.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task TryAcquireJobLeaseAsync_from_many_callers_on_two_nodes_gives_the_lease_to_one_and_respects_the_period()
    {
        var job = TestData.NewId("job-");
        var now = TestData.T0;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? Store : OtherNode).TryAcquireJobLeaseAsync(job, $"node-{i}", now, now.AddMinutes(30), now.AddDays(-1), None))));

        Assert.Equal(1, results.Count(taken => taken));
        var holder = $"node-{Array.IndexOf(results, true)}";
        Assert.Null(await Store.GetJobLastCompletedAsync(job, None));

        // Someone else's completion does not free the lease; the holder's does and records the time.
        await OtherNode.CompleteJobAsync(job, "node-other", now.AddMinutes(1), None);
        Assert.False(await Store.TryAcquireJobLeaseAsync(job, "node-late", now.AddMinutes(2), now.AddMinutes(32), now.AddDays(-1), None));
        await OtherNode.CompleteJobAsync(job, holder, now.AddMinutes(5), None);
        Assert.Equal(now.AddMinutes(5), await Store.GetJobLastCompletedAsync(job, None));

        // Not due again until a period after the completion.
        var later = now.AddHours(23);
        Assert.False(await Store.TryAcquireJobLeaseAsync(job, "node-next", later, later.AddMinutes(30), later.AddDays(-1), None));
        var nextDay = now.AddDays(1).AddMinutes(5);
        Assert.True(await OtherNode.TryAcquireJobLeaseAsync(job, "node-next", nextDay, nextDay.AddMinutes(30), nextDay.AddDays(-1), None));

        // A lease whose holder died lapses at its end.
        Assert.False(await Store.TryAcquireJobLeaseAsync(job, "node-x", nextDay.AddMinutes(29), nextDay.AddMinutes(59), nextDay.AddDays(-1), None));
        Assert.True(await Store.TryAcquireJobLeaseAsync(job, "node-x", nextDay.AddMinutes(30), nextDay.AddMinutes(60), nextDay.AddDays(-1), None));
    }
}
