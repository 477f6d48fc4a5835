using Latchkey.Core.AccessKeys;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Logons;
using Latchkey.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Core.Tests.AccessKeys;

/// <summary>The lifecycle metric (latchkey.accesskeys.lifecycle) counts each event once, and only when it happened.</summary>
public sealed class AccessKeyLifecycleMetricsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RestorePurgeAndIdleSteps_AreEachCountedOnce()
    {
        var metrics = new CountingMetrics();
        using var h = new CoreHarness(configure: services => services.AddSingleton<IMetricsSink>(metrics));
        var account = await h.NewAccountAsync();
        var user = await h.NewUserAsync(account, "alice");
        var ctx = CoreHarness.AsAccount(account);
        var restored = await h.NewKeyAsync(account, "alice");
        var deleted = await h.NewKeyAsync(account, "alice");
        var bin = h.Get<AccessKeyRecycleBin>();
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", restored.Key.AccessKeyId, None)).IsSuccess);
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", deleted.Key.AccessKeyId, None)).IsSuccess);

        Assert.True((await bin.RestoreAsync(ctx, user.UserId, restored.Key.AccessKeyId, None)).IsSuccess);
        Assert.False((await bin.RestoreAsync(ctx, user.UserId, restored.Key.AccessKeyId, None)).IsSuccess);
        Assert.True((await bin.DeleteAsync(ctx, user.UserId, deleted.Key.AccessKeyId, None)).IsSuccess);
        var expiring = await h.NewKeyAsync(account, "alice");
        Assert.True((await h.Keys.DeleteAsync(ctx, "alice", expiring.Key.AccessKeyId, None)).IsSuccess);
        Assert.Equal(0, await bin.PurgeDueAsync(None));
        h.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await bin.PurgeDueAsync(None));

        Assert.True((await h.Get<SecurityPreferenceService>().SetAsync(ctx, new SecurityPreferenceUpdate { MaxIdleDaysForAccessKeys = 90 }, None)).IsSuccess);
        var idle = h.Get<IdleAccessKeys>();
        h.Time.Advance(TimeSpan.FromDays(76));
        await idle.RunAsync(None);
        await idle.RunAsync(None);
        h.Time.Advance(TimeSpan.FromDays(14));
        await idle.RunAsync(None);
        await idle.RunAsync(None);

        Assert.Equal(1, metrics.Lifecycle.GetValueOrDefault("restored"));
        Assert.Equal(2, metrics.Lifecycle.GetValueOrDefault("purged"));
        Assert.Equal(1, metrics.Lifecycle.GetValueOrDefault("idle_warned"));
        Assert.Equal(1, metrics.Lifecycle.GetValueOrDefault("idle_disabled"));
        Assert.Equal(5, metrics.Lifecycle.Values.Sum());
    }
}
