using Latchkey.Core.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Core.Tests.Authentication;

public sealed class InMemoryNonceStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TryAdd_SamePairTwiceInsideWindow_SecondIsRefused()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryNonceStore(time);
        var expires = time.GetUtcNow().AddMinutes(15);

        Assert.True(await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.False(await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.True(await store.TryAddAsync("LKb", "n1", expires, None));
    }

    [Fact]
    public async Task TryAdd_AfterExpiry_MemoryIsReleased()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryNonceStore(time);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await store.TryAddAsync("LKa", $"n{i}", time.GetUtcNow().AddMinutes(15), None));
        }

        Assert.Equal(1000, store.Count);
        time.Advance(TimeSpan.FromMinutes(17));
        Assert.True(await store.TryAddAsync("LKa", "fresh", time.GetUtcNow().AddMinutes(15), None));

        Assert.Equal(1, store.Count);
        Assert.True(await store.TryAddAsync("LKa", "n0", time.GetUtcNow().AddMinutes(15), None));
    }
}
