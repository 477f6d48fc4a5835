using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authentication;
using Latchkey.Core.Tests.Support;

namespace Latchkey.Core.Tests.Authentication;

public sealed class LastUseRecorderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Flush_ManyUsesWithinAMinute_WritesOncePerKeyPerMinute()
    {
        using var h = new CoreHarness();
        var recorder = h.Get<LastUseRecorder>();

        for (var second = 0; second < 180; second++)
        {
            recorder.Record("LKkeyA", new AccessKeyLastUse(h.Time.GetUtcNow(), "Ram", "ListUsers", "192.0.2.1"));
            recorder.Record("LKkeyB", new AccessKeyLastUse(h.Time.GetUtcNow(), "Ram", "GetUser", "192.0.2.2"));
            await recorder.FlushAsync(None);
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // 180 s of use flushed every second: writes at 0 s, 60 s, 120 s; each flush batches both keys.
        Assert.Equal(3, h.Store.RecordLastUseCalls);
        Assert.Equal(3, h.Store.LastUseWrites.Count(w => w.Key == "LKkeyA"));
        Assert.Equal(3, h.Store.LastUseWrites.Count(w => w.Key == "LKkeyB"));
        var writesOfA = h.Store.LastUseWrites.Where(w => w.Key == "LKkeyA").Select(w => w.Value.Time).ToList();
        Assert.Equal([CoreHarness.Start, CoreHarness.Start.AddSeconds(60), CoreHarness.Start.AddSeconds(120)], writesOfA);
    }

    [Fact]
    public async Task FlushAll_WritesPendingUsesInsideTheMinute()
    {
        using var h = new CoreHarness();
        var recorder = h.Get<LastUseRecorder>();
        recorder.Record("LKkeyA", new AccessKeyLastUse(h.Time.GetUtcNow(), "Ram", "ListUsers", "192.0.2.1"));
        await recorder.FlushAsync(None);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var latest = new AccessKeyLastUse(h.Time.GetUtcNow(), "Ims", "GetUser", "192.0.2.9");
        recorder.Record("LKkeyA", latest);

        await recorder.FlushAsync(None);
        Assert.Equal(1, h.Store.RecordLastUseCalls);
        await recorder.FlushAllAsync(None);

        Assert.Equal(2, h.Store.RecordLastUseCalls);
        Assert.Equal(latest, h.Store.LastUseWrites[^1].Value);
    }

    [Fact]
    public async Task Record_OlderUseAfterNewer_KeepsTheNewer()
    {
        using var h = new CoreHarness();
        var recorder = h.Get<LastUseRecorder>();
        var newer = new AccessKeyLastUse(h.Time.GetUtcNow(), "Ram", "B", "192.0.2.1");
        recorder.Record("LKkeyA", newer);
        recorder.Record("LKkeyA", new AccessKeyLastUse(h.Time.GetUtcNow().AddSeconds(-1), "Ram", "A", "192.0.2.1"));

        await recorder.FlushAsync(None);

        Assert.Equal(newer, Assert.Single(h.Store.LastUseWrites).Value);
    }

    [Fact]
    public async Task Record_TheSameCallAgainInItsSecond_KeepsThePendingUse_AndAnotherActionOrSecondReplacesIt()
    {
        using var h = new CoreHarness();
        var recorder = h.Get<LastUseRecorder>();
        var now = h.Time.GetUtcNow();
        var second = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        recorder.Record("LKkeyA", second.AddMilliseconds(100), "Sts", "GetCallerIdentity", "192.0.2.1");
        recorder.Record("LKkeyA", second.AddMilliseconds(400), "Sts", "GetCallerIdentity", "192.0.2.1");
        await recorder.FlushAllAsync(None);
        Assert.Equal(new AccessKeyLastUse(second.AddMilliseconds(100), "Sts", "GetCallerIdentity", "192.0.2.1"), h.Store.LastUseWrites[^1].Value);

        recorder.Record("LKkeyA", second.AddMilliseconds(500), "Sts", "GetCallerIdentity", "192.0.2.1");
        recorder.Record("LKkeyA", second.AddMilliseconds(600), "Sts", "AssumeRole", "192.0.2.1");
        await recorder.FlushAllAsync(None);
        Assert.Equal(new AccessKeyLastUse(second.AddMilliseconds(600), "Sts", "AssumeRole", "192.0.2.1"), h.Store.LastUseWrites[^1].Value);

        recorder.Record("LKkeyA", second.AddMilliseconds(700), "Sts", "AssumeRole", "192.0.2.1");
        recorder.Record("LKkeyA", second.AddMilliseconds(800), "Sts", "AssumeRole", "192.0.2.7");
        recorder.Record("LKkeyA", second.AddMilliseconds(1_200), "Sts", "AssumeRole", "192.0.2.7");
        await recorder.FlushAllAsync(None);
        Assert.Equal(new AccessKeyLastUse(second.AddMilliseconds(1_200), "Sts", "AssumeRole", "192.0.2.7"), h.Store.LastUseWrites[^1].Value);
    }
}
