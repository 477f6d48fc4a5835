using System.Collections.Concurrent;
using System.Text;
using Latchkey.Core.Authentication;
using Latchkey.Server.Hosting;
using Latchkey.Server.Redis;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Latchkey.Server.Tests.Redis;

/// <summary>The shared replay window on a real Redis (LATCHKEY_TEST_REDIS).</summary>
public sealed class RedisNonceStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = $"latchkey-test-{Guid.NewGuid():N}:";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ConnectionMultiplexer? _redis;

    private static string RedisAddress => Environment.GetEnvironmentVariable("LATCHKEY_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("LATCHKEY_TEST_REDIS is not set; scripts/test.sh starts Redis and sets it.");

    private ConnectionMultiplexer Redis => _redis!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(RedisAddress);

    public async Task DisposeAsync()
    {
        foreach (var key in Keys())
        {
            await Redis.GetDatabase().KeyDeleteAsync(key);
        }

        await Redis.DisposeAsync();
    }

    private RedisNonceStore NewStore() => new(Redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), _time);

    private List<RedisKey> Keys() => Redis.GetServer(Redis.GetEndPoints()[0]).Keys(pattern: _prefix + "*").ToList();

    [Fact]
    public async Task TryAdd_SamePairTwice_SecondIsSeen_OtherKeyIsNot()
    {
        var store = NewStore();
        var expires = _time.GetUtcNow().AddMinutes(15);

        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKb", "n1", expires, None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n2", expires, None));
    }

    [Fact]
    public async Task TryAdd_TwoNodes_AgreeOnTheSamePair()
    {
        var nodeA = NewStore();
        var nodeB = NewStore();
        var expires = _time.GetUtcNow().AddMinutes(15);

        Assert.Equal(NonceOutcome.Added, await nodeA.TryAddAsync("LKa", "shared", expires, None));
        Assert.Equal(NonceOutcome.Seen, await nodeB.TryAddAsync("LKa", "shared", expires, None));
    }

    [Fact]
    public async Task TryAdd_ConcurrentOnTwoNodes_ExactlyOneIsAdded()
    {
        var nodes = new[] { NewStore(), NewStore() };
        var expires = _time.GetUtcNow().AddMinutes(15);
        for (var round = 0; round < 50; round++)
        {
            var outcomes = new ConcurrentBag<NonceOutcome>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                outcomes.Add(await nodes[i % 2].TryAddAsync("LKa", $"race{round}", expires, None)))));

            Assert.Equal(1, outcomes.Count(outcome => outcome == NonceOutcome.Added));
        }
    }

    [Fact]
    public async Task TryAdd_KeepsAFixedSizeHash_NeverTheRawNonce_WithTheWindowAsLifetime()
    {
        var store = NewStore();
        var nonce = "visible-nonce-" + new string('x', 1_000);

        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKvisible", nonce, _time.GetUtcNow().AddMinutes(15), None));

        var key = Assert.Single(Keys());
        var bytes = (byte[])key!;
        Assert.Equal(Encoding.UTF8.GetByteCount(_prefix) + 2 + NonceHash.Size, bytes.Length);
        Assert.DoesNotContain("visible", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("LKvisible", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(0, (await Redis.GetDatabase().StringGetAsync(key)).Length());
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task TryAdd_EmptyNonce_IsInvalid_AndNeverReachesRedis()
    {
        var store = NewStore();

        Assert.Equal(NonceOutcome.Invalid, await store.TryAddAsync("LKa", "", _time.GetUtcNow().AddMinutes(15), None));

        Assert.Empty(Keys());
    }
}
