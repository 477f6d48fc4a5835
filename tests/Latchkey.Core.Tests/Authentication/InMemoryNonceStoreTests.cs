using System.Collections.Concurrent;
using Latchkey.Core.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Core.Tests.Authentication;

public sealed class InMemoryNonceStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));

    private static InMemoryNonceStore NewStore(TimeProvider time, int capacity = 65_536) =>
        new(time, Options.Create(new NonceStoreOptions { Capacity = capacity }));

    [Fact]
    public async Task TryAdd_SamePairTwiceInsideWindow_SecondIsSeen()
    {
        var time = NewClock();
        var store = NewStore(time);
        var expires = time.GetUtcNow().AddMinutes(15);

        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "n1", expires, None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKb", "n1", expires, None));
    }

    [Fact]
    public async Task TryAdd_PairsThatConcatenateAlike_AreDistinct()
    {
        var time = NewClock();
        var store = NewStore(time);
        var expires = time.GetUtcNow().AddMinutes(15);

        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKab", "c", expires, None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "bc", expires, None));
    }

    [Fact]
    public async Task TryAdd_EmptyNonce_IsInvalidAndNotRemembered()
    {
        var time = NewClock();
        var store = NewStore(time);

        Assert.Equal(NonceOutcome.Invalid, await store.TryAddAsync("LKa", "", time.GetUtcNow().AddMinutes(15), None));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task TryAdd_LongNonce_IsRememberedInFixedSize()
    {
        var time = NewClock();
        var store = NewStore(time);
        var nonce = new string('x', 100_000);

        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", nonce, time.GetUtcNow().AddMinutes(15), None));
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", nonce, time.GetUtcNow().AddMinutes(15), None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", nonce + "y", time.GetUtcNow().AddMinutes(15), None));
    }

    [Fact]
    public async Task TryAdd_UntilExpiry_StaysSeen_ThenIsForgotten()
    {
        var time = NewClock();
        var store = NewStore(time);
        var expires = time.GetUtcNow().AddMinutes(15);
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n1", expires, None));

        // The expiry is rounded up to the minute, never down: still seen at the exact expiry second.
        time.SetUtcNow(expires);
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "n1", expires.AddMinutes(15), None));
        time.SetUtcNow(expires.AddSeconds(29));
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "n1", expires.AddMinutes(15), None));

        time.SetUtcNow(expires.AddSeconds(31));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n1", time.GetUtcNow().AddMinutes(15), None));
    }

    [Fact]
    public async Task TryAdd_AfterExpiry_EntriesAreCleared()
    {
        var time = NewClock();
        var store = NewStore(time);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", $"n{i}", time.GetUtcNow().AddMinutes(15), None));
        }

        Assert.Equal(10_000, store.Count);
        time.Advance(TimeSpan.FromMinutes(17));

        // Each shard clears on its first insert of a minute: touch every shard.
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", $"fresh{i}", time.GetUtcNow().AddMinutes(15), None));
        }

        Assert.Equal(2_000, store.Count);
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n0", time.GetUtcNow().AddMinutes(15), None));
    }

    [Fact]
    public async Task TryAdd_InANewMinute_ClearsOneBoundedSlice_NotAWholeShard_AndEventuallyEverything()
    {
        // 1,048,576 of capacity: shards of about 24,000 slots, a dozen slices each, and ~3,100 of
        // the 200,000 nonces below in every shard.
        var time = NewClock();
        var store = NewStore(time, capacity: 1_048_576);
        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", $"n{i}", time.GetUtcNow().AddMinutes(1), None));
        }

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "first", time.GetUtcNow().AddMinutes(15), None));

        // Clearing the whole shard in that one insert would have dropped about 3,100 at once.
        Assert.InRange(store.Count, 200_001 - InMemoryNonceStore.ClearSliceSlots, 200_000);

        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", $"fresh{i}", time.GetUtcNow().AddMinutes(15), None));
        }

        Assert.Equal(20_001, store.Count);
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "fresh0", time.GetUtcNow().AddMinutes(15), None));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "n0", time.GetUtcNow().AddMinutes(15), None));
    }

    [Fact]
    public async Task TryAdd_DuplicatesAreRefusedAcrossClearings_WhileOthersExpireAroundThem()
    {
        // Entries with different expiries interleave in the same runs; clearing the expired ones
        // shifts the live ones, and every live one must still be found afterwards.
        var time = NewClock();
        var store = NewStore(time, capacity: 4_096);
        var live = new List<(string Nonce, DateTimeOffset Expires)>();
        for (var minute = 0; minute < 30; minute++)
        {
            for (var i = 0; i < 100; i++)
            {
                var nonce = $"m{minute}-{i}";
                var expires = time.GetUtcNow().AddMinutes(1 + (i % 15));
                Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", nonce, expires, None));
                live.Add((nonce, expires));
            }

            time.Advance(TimeSpan.FromMinutes(1));
            live.RemoveAll(entry => entry.Expires.AddSeconds(60) <= time.GetUtcNow());
            foreach (var (nonce, expires) in live.Where(entry => entry.Expires > time.GetUtcNow()))
            {
                Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", nonce, expires, None));
            }
        }
    }

    [Fact]
    public async Task TryAdd_WhenFull_AnswersFull_AndNeverGrows()
    {
        var time = NewClock();
        var store = NewStore(time, capacity: 1_024);
        var expires = time.GetUtcNow().AddMinutes(15);
        var added = 0;
        var full = 0;
        for (var i = 0; i < 5_000; i++)
        {
            switch (await store.TryAddAsync("LKa", $"n{i}", expires, None))
            {
                case NonceOutcome.Added: added++; break;
                case NonceOutcome.Full: full++; break;
                default: Assert.Fail("unexpected outcome"); break;
            }
        }

        Assert.True(added >= 1_024, $"held only {added}");
        Assert.True(added <= store.Capacity);
        Assert.True(full > 0);
        Assert.Equal(added, store.Count);

        // What was remembered is still refused as a replay, full table or not.
        Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", "n0", expires, None));

        // Once the window has passed the table takes new nonces again.
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", "after", time.GetUtcNow().AddMinutes(15), None));
    }

    [Fact]
    public void Capacity_OfTheDefault_HoldsMoreThanAMillion_InAtMost32BytesEach()
    {
        var store = new InMemoryNonceStore(NewClock(), Options.Create(new NonceStoreOptions()));

        Assert.True(store.Capacity > 1_000_000);
        Assert.True(store.SlotCount * (NonceHash.Size + sizeof(uint)) <= 32 * store.Capacity);
    }

    [Fact]
    public async Task TryAdd_ConcurrentSameNonce_ExactlyOneIsAdded()
    {
        var time = NewClock();
        var store = NewStore(time);
        var expires = time.GetUtcNow().AddMinutes(15);
        for (var round = 0; round < 200; round++)
        {
            var outcomes = new ConcurrentBag<NonceOutcome>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
                outcomes.Add(await store.TryAddAsync("LKa", $"race{round}", expires, None)))));

            Assert.Equal(1, outcomes.Count(outcome => outcome == NonceOutcome.Added));
            Assert.Equal(7, outcomes.Count(outcome => outcome == NonceOutcome.Seen));
        }
    }

    [Fact]
    public async Task TryAdd_ConcurrentDistinctNonces_AllAddedAndAllRemembered()
    {
        var time = NewClock();
        var store = NewStore(time, capacity: 100_000);
        var expires = time.GetUtcNow().AddMinutes(15);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Assert.Equal(NonceOutcome.Added, await store.TryAddAsync("LKa", $"w{worker}-{i}", expires, None));
            }
        })));

        Assert.Equal(40_000, store.Count);
        for (var worker = 0; worker < 8; worker++)
        {
            for (var i = 0; i < 5_000; i += 97)
            {
                Assert.Equal(NonceOutcome.Seen, await store.TryAddAsync("LKa", $"w{worker}-{i}", expires, None));
            }
        }
    }
}
