using Latchkey.Core.AccessKeys;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Contract;

/// <summary>Server-side AccessKey rotations (schema 0100).</summary>
public abstract partial class StoreContractTests
{
    private static AccessKeyRotation Rotation(string accountId, string? userId, string oldId, string newId, DateTimeOffset? started = null)
    {
        var at = started ?? TestData.T0;
        return new AccessKeyRotation(
            TestData.NewId("rot-"), accountId, userId, oldId, newId, TimeSpan.FromMinutes(15).Add(TimeSpan.FromTicks(7)), TimeSpan.FromHours(1), at, "203344", AccessKeyRotationState.Waiting, at, at, 42, null);
    }

    [Fact]
    public async Task AccessKeyRotations_round_trip_change_only_from_the_state_read_and_are_listed_and_forgotten()
    {
        var account = await AddAccountAsync();
        var other = await AddAccountAsync();
        var user = await AddUserAsync(account.AccountId);
        var first = Rotation(account.AccountId, user.UserId, TestData.NewId("LTAI"), TestData.NewId("LTAI"));
        var own = Rotation(account.AccountId, null, TestData.NewId("LTAI"), TestData.NewId("LTAI"), TestData.T0.AddMinutes(1));
        var elsewhere = Rotation(other.AccountId, null, TestData.NewId("LTAI"), TestData.NewId("LTAI"), TestData.T0.AddMinutes(2));
        foreach (var rotation in new[] { first, own, elsewhere })
        {
            Assert.True((await Store.AddAccessKeyRotationAsync(rotation, TestData.Audit(rotation.AccountId, "AccessKeyRotationStarted", rotation.OldAccessKeyId), None)).IsSuccess);
        }

        Assert.Equal(first, await OtherNode.FindAccessKeyRotationAsync(first.RotationId, None));
        Assert.Equal(first, await OtherNode.FindOpenAccessKeyRotationAsync(first.OldAccessKeyId, None));
        Assert.Equal(first, await OtherNode.FindOpenAccessKeyRotationAsync(first.NewAccessKeyId, None));
        Assert.Null(await Store.FindOpenAccessKeyRotationAsync("LTAImissing", None));
        Assert.Null(await Store.FindAccessKeyRotationAsync("rot-missing", None));
        Assert.Equal([own, first], await OtherNode.ListAccessKeyRotationsAsync(account.AccountId, TestData.T0.AddDays(1), None));
        Assert.Equal([first, own, elsewhere], (await Store.ListOpenAccessKeyRotationsAsync(1000, None)).Where(r => r.AccountId == account.AccountId || r.AccountId == other.AccountId));
        Assert.Single(await Store.ListOpenAccessKeyRotationsAsync(1, None));

        // A change applies only from the state its writer read; the identity of the rotation never changes.
        var observed = first with { LastSeenUse = TestData.T0.AddMinutes(3), ObservedCalls = 50, OldAccessKeyId = "LTAIignored" };
        Assert.True(await OtherNode.UpdateAccessKeyRotationAsync(observed, AccessKeyRotationState.Waiting, null, None));
        var disabled = first with { State = AccessKeyRotationState.Disabled, StateChangedAt = TestData.T0.AddMinutes(20), LastSeenUse = TestData.T0.AddMinutes(3), ObservedCalls = 50 };
        Assert.True(await Store.UpdateAccessKeyRotationAsync(disabled, AccessKeyRotationState.Waiting, TestData.Audit(account.AccountId, "AccessKeyRotationOldKeyDisabled", first.OldAccessKeyId), None));
        var cancelledLate = disabled with { State = AccessKeyRotationState.Cancelled, EndReason = "Cancelled" };
        Assert.False(await OtherNode.UpdateAccessKeyRotationAsync(cancelledLate, AccessKeyRotationState.Waiting, TestData.Audit(account.AccountId, "AccessKeyRotationCancelled", first.OldAccessKeyId), None));
        Assert.Equal(disabled, await Store.FindAccessKeyRotationAsync(first.RotationId, None));

        var recycled = disabled with { State = AccessKeyRotationState.Recycled, StateChangedAt = TestData.T0.AddHours(2) };
        Assert.True(await Store.UpdateAccessKeyRotationAsync(recycled, AccessKeyRotationState.Disabled, null, None));
        Assert.Null(await OtherNode.FindOpenAccessKeyRotationAsync(first.OldAccessKeyId, None));
        Assert.DoesNotContain(await Store.ListOpenAccessKeyRotationsAsync(1000, None), r => r.RotationId == first.RotationId);

        // Finished rotations are listed while they changed recently enough, then forgotten.
        Assert.Equal([own, recycled], await OtherNode.ListAccessKeyRotationsAsync(account.AccountId, TestData.T0.AddHours(2), None));
        Assert.Equal([own], await OtherNode.ListAccessKeyRotationsAsync(account.AccountId, TestData.T0.AddHours(2).AddTicks(1), None));
        Assert.Equal(0, await Store.DeleteFinishedAccessKeyRotationsAsync(TestData.T0.AddHours(2), None));
        Assert.True(await Store.DeleteFinishedAccessKeyRotationsAsync(TestData.T0.AddHours(2).AddTicks(1), None) >= 1);
        Assert.Null(await OtherNode.FindAccessKeyRotationAsync(first.RotationId, None));
        Assert.Equal(own, await OtherNode.FindAccessKeyRotationAsync(own.RotationId, None));

        var events = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Equal(2, events.Count(e => e.EventName == "AccessKeyRotationStarted"));
        Assert.Single(events, e => e.EventName == "AccessKeyRotationOldKeyDisabled");
        Assert.DoesNotContain(events, e => e.EventName == "AccessKeyRotationCancelled");
    }

    [Fact]
    public async Task AccessKeyRotations_a_key_is_in_one_open_rotation_even_when_two_nodes_start_at_once()
    {
        var account = await AddAccountAsync();
        var oldId = TestData.NewId("LTAI");
        var starts = Enumerable.Range(0, 10)
            .Select(i => Rotation(account.AccountId, null, oldId, TestData.NewId("LTAI")))
            .ToList();

        var results = await Task.WhenAll(starts.Select((rotation, i) => Task.Run(() =>
            (i % 2 == 0 ? Store : OtherNode).AddAccessKeyRotationAsync(rotation, TestData.Audit(account.AccountId, "AccessKeyRotationStarted", oldId), None))));

        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(Errors.Rotation.InProgress, r.Error));
        var winner = starts[Array.FindIndex(results, r => r.IsSuccess)];
        Assert.Equal(winner, await Store.FindOpenAccessKeyRotationAsync(oldId, None));

        // The new key of an open rotation cannot be rotated (nor be the new key of another) until it ends.
        var chained = Rotation(account.AccountId, null, winner.NewAccessKeyId, TestData.NewId("LTAI"));
        Assert.Equal(Errors.Rotation.InProgress, (await OtherNode.AddAccessKeyRotationAsync(chained, TestData.Audit(account.AccountId, "AccessKeyRotationStarted", "k"), None)).Error);
        var reused = Rotation(account.AccountId, null, TestData.NewId("LTAI"), winner.NewAccessKeyId);
        Assert.Equal(Errors.Rotation.InProgress, (await Store.AddAccessKeyRotationAsync(reused, TestData.Audit(account.AccountId, "AccessKeyRotationStarted", "k"), None)).Error);

        // Once it ends the key may be rotated again.
        var cancelled = winner with { State = AccessKeyRotationState.Cancelled, StateChangedAt = TestData.T0.AddMinutes(1), EndReason = "Cancelled" };
        Assert.True(await OtherNode.UpdateAccessKeyRotationAsync(cancelled, AccessKeyRotationState.Waiting, TestData.Audit(account.AccountId, "AccessKeyRotationCancelled", oldId), None));
        Assert.True((await Store.AddAccessKeyRotationAsync(chained, TestData.Audit(account.AccountId, "AccessKeyRotationStarted", "k"), None)).IsSuccess);
        var again = Rotation(account.AccountId, null, oldId, TestData.NewId("LTAI"));
        Assert.True((await Store.AddAccessKeyRotationAsync(again, TestData.Audit(account.AccountId, "AccessKeyRotationStarted", oldId), None)).IsSuccess);
        var events = (await Store.ListAuditEventsAsync(account.AccountId, null, 100, None)).Value.Items;
        Assert.Equal(3, events.Count(e => e.EventName == "AccessKeyRotationStarted"));
    }
}
