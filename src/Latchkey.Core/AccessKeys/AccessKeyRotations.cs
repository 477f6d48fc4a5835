using System.Globalization;
using Latchkey.Core.Audit;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Rotation as one action, on the server (docs/access-keys.md, "Rotation"): <see cref="StartAsync"/>
/// creates the new pair (shown once) and records the rotation; the rotation job
/// (<see cref="RunAsync"/>, once per cluster through the job lease) watches the old key, disables
/// it once it has been unused for the grace period since the start, and after the recycle hold
/// moves it to the recycle bin. The old key counts as used at its recorded last use (written at
/// most once a minute) and whenever its usage counters (written every 10 s) moved since the job's
/// previous look. A person may cancel while the rotation is open; deleting either key, or enabling
/// the disabled old key again, by hand ends it. Every step is audited and counted.
/// </summary>
public sealed class AccessKeyRotations
{
    public static readonly TimeSpan MinGracePeriod = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(30);

    /// <summary>How long a finished rotation stays visible (console) and stored.</summary>
    public static readonly TimeSpan FinishedKept = TimeSpan.FromDays(30);

    /// <summary>How long the console shows a finished rotation on its owner's page.</summary>
    public static readonly TimeSpan FinishedShown = TimeSpan.FromDays(7);

    private const int Batch = 1000;

    private readonly AccessKeyService _keys;
    private readonly IAccessKeyStore _keyStore;
    private readonly IAccessKeyRecycleBinStore _bin;
    private readonly IAccessKeyRotationStore _store;
    private readonly IAccessKeyUsageStore _usage;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly AccessKeyLifecycleOptions _options;
    private readonly IMetricsSink? _metrics;

    public AccessKeyRotations(
        AccessKeyService keys,
        IAccessKeyStore keyStore,
        IAccessKeyRecycleBinStore bin,
        IAccessKeyRotationStore store,
        IAccessKeyUsageStore usage,
        IAccessKeyChangeFeed changes,
        TimeProvider time,
        IOptions<AccessKeyLifecycleOptions> options,
        IMetricsSink? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _keyStore = keyStore;
        _bin = bin;
        _store = store;
        _usage = usage;
        _changes = changes;
        _time = time;
        _options = options.Value;
        _metrics = metrics;
    }

    /// <summary>The grace period used when a caller names none (AccessKeyLifecycle:RotationGracePeriod).</summary>
    public TimeSpan DefaultGracePeriod => _options.RotationGracePeriod;

    /// <summary>
    /// Starts rotating the Active key <paramref name="accessKeyId"/> of the owner
    /// <paramref name="userName"/> (absent = the caller): refused, before anything changes, when
    /// the key is disabled, already rotating, or its owner has no room for the new key.
    /// </summary>
    public async Task<Result<StartedAccessKeyRotation>> StartAsync(AuditContext ctx, string? userName, string? accessKeyId, TimeSpan? gracePeriod, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var grace = gracePeriod ?? _options.RotationGracePeriod;
        if (grace < MinGracePeriod || grace > MaxGracePeriod)
        {
            return Refused(Errors.Rotation.InvalidGracePeriod);
        }

        var found = await _keys.GetAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var old = found.Value;
        if (old.Status != AccessKeyStatus.Active)
        {
            return Refused(Errors.Rotation.KeyInactive);
        }

        if (await _store.FindOpenAccessKeyRotationAsync(old.AccessKeyId, ct) is not null)
        {
            return Refused(Errors.Rotation.InProgress);
        }

        var created = await _keys.CreateAsync(ctx, userName, ct);
        if (!created.IsSuccess)
        {
            return Refused(created.Error.Code == Errors.AccessKey.LimitExceeded.Code ? Errors.AccessKey.RotateLimitExceeded : created.Error);
        }

        var newId = created.Value.Key.AccessKeyId;
        var now = _time.GetUtcNow();
        var rotation = new AccessKeyRotation(
            "rot-" + Guid.CreateVersion7(now).ToString("N"),
            old.AccountId,
            old.UserId,
            old.AccessKeyId,
            newId,
            grace,
            _options.RotationRecycleHold,
            now,
            ctx.Actor.PrincipalId,
            AccessKeyRotationState.Waiting,
            now,
            now,
            await CallsSinceStartAsync(old.AccessKeyId, now, ct),
            null);
        var audit = AuditEvents.Create(ctx, _time, "AccessKeyRotationStarted", "AccessKey", old.AccessKeyId, $"RotationId={rotation.RotationId};NewAccessKeyId={newId};GracePeriod={Span(grace)};RecycleHold={Span(rotation.RecycleHold)}");
        var added = await _store.AddAccessKeyRotationAsync(rotation, audit, ct);
        if (!added.IsSuccess)
        {
            // Another start for the same key won a moment ago: the new pair never left the server, so it goes again.
            await _keyStore.DeleteAccessKeyAsync(newId, AuditEvents.Create(ctx, _time, "AccessKeyRotationAborted", "AccessKey", newId, $"Reason={added.Error.Code}"), ct);
            await _changes.PublishAsync(newId, ct);
            return Refused(added.Error);
        }

        _metrics?.AccessKeyRotation("started");
        return new StartedAccessKeyRotation(rotation, created.Value);
    }

    /// <summary>Cancels the open rotation of <paramref name="accessKeyId"/> (its old or new key); both keys keep the status they have.</summary>
    public async Task<Result<AccessKeyRotation>> CancelAsync(AuditContext ctx, string? userName, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await _keys.GetAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (await _store.FindOpenAccessKeyRotationAsync(found.Value.AccessKeyId, ct) is not { } rotation)
        {
            return Errors.Rotation.NotFound;
        }

        var cancelled = rotation with { State = AccessKeyRotationState.Cancelled, StateChangedAt = _time.GetUtcNow(), EndReason = "Cancelled" };
        var audit = AuditEvents.Create(ctx, _time, "AccessKeyRotationCancelled", "AccessKey", rotation.OldAccessKeyId, $"RotationId={rotation.RotationId};NewAccessKeyId={rotation.NewAccessKeyId};Was={rotation.State}");
        if (!await _store.UpdateAccessKeyRotationAsync(cancelled, rotation.State, audit, ct))
        {
            // The job moved it a moment ago; the caller sees what it is now.
            return Errors.Rotation.NotFound;
        }

        _metrics?.AccessKeyRotation("cancelled");
        return cancelled;
    }

    /// <summary>One rotation of the owner <paramref name="userName"/> (absent = the caller); another owner's and none look the same.</summary>
    public async Task<Result<AccessKeyRotation>> GetAsync(Principal caller, string? userName, string? rotationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(rotationId))
        {
            return Errors.Missing("RotationId");
        }

        var owner = await _keys.OwnerIdAsync(caller, userName, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        var rotation = await _store.FindAccessKeyRotationAsync(rotationId, ct);
        return rotation is not null
            && string.Equals(rotation.AccountId, caller.AccountId, StringComparison.Ordinal)
            && string.Equals(rotation.UserId, owner.Value, StringComparison.Ordinal)
            ? rotation
            : Errors.Rotation.NotFound;
    }

    /// <summary>The owner's open rotations and those finished in the last <see cref="FinishedShown"/>, newest first.</summary>
    public async Task<Result<IReadOnlyList<AccessKeyRotation>>> ListAsync(Principal caller, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var owner = await _keys.OwnerIdAsync(caller, userName, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        var all = await _store.ListAccessKeyRotationsAsync(caller.AccountId, _time.GetUtcNow() - FinishedShown, ct);
        return Result.Of<IReadOnlyList<AccessKeyRotation>>([.. all.Where(r => string.Equals(r.UserId, owner.Value, StringComparison.Ordinal))]);
    }

    /// <summary>The rotation job: moves every open rotation as far as it can go now; returns the steps taken. Forgets rotations finished long ago.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var steps = 0;
        foreach (var rotation in await _store.ListOpenAccessKeyRotationsAsync(Batch, ct))
        {
            var current = rotation;
            while (current.IsOpen && await StepAsync(current, ct) is { } next)
            {
                current = next;
                steps++;
            }
        }

        await _store.DeleteFinishedAccessKeyRotationsAsync(_time.GetUtcNow() - FinishedKept, ct);
        return steps;
    }

    /// <summary>One step of an open rotation; the rotation as it is after the step, or null when nothing changed.</summary>
    private async Task<AccessKeyRotation?> StepAsync(AccessKeyRotation rotation, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var old = (await _keyStore.FindAccessKeyAsync(rotation.OldAccessKeyId, ct))?.Key;
        if (old is null)
        {
            return await EndAsync(rotation, now, "OldKeyDeleted", ct);
        }

        if (await _keyStore.FindAccessKeyAsync(rotation.NewAccessKeyId, ct) is null)
        {
            // Without the new key the owner's clients have nothing to switch to: the old key stays as it is.
            return await EndAsync(rotation, now, "NewKeyDeleted", ct);
        }

        return rotation.State == AccessKeyRotationState.Waiting
            ? await WatchAsync(rotation, old, now, ct)
            : await RecycleAsync(rotation, old, now, ct);
    }

    private async Task<AccessKeyRotation?> WatchAsync(AccessKeyRotation rotation, AccessKey old, DateTimeOffset now, CancellationToken ct)
    {
        if (old.Status == AccessKeyStatus.Inactive)
        {
            // Someone disabled it by hand: the rotation goes on from there.
            var byHand = rotation with { State = AccessKeyRotationState.Disabled, StateChangedAt = now };
            return await _store.UpdateAccessKeyRotationAsync(byHand, AccessKeyRotationState.Waiting, SystemAudit(rotation, "AccessKeyRotationOldKeyDisabled", "Status=Inactive;By=hand"), ct) ? byHand : null;
        }

        var seen = rotation.LastSeenUse;
        if (old.LastUse is { } use && use.Time > seen)
        {
            seen = use.Time;
        }

        var calls = await CallsSinceStartAsync(old.AccessKeyId, rotation.StartedAt, ct);
        if (calls > rotation.ObservedCalls && now > seen)
        {
            // Used since the previous look; the counters are at most a flush (10 s) behind.
            seen = now;
        }

        var observed = rotation with { LastSeenUse = seen, ObservedCalls = Math.Max(calls, rotation.ObservedCalls) };
        if (now - seen < rotation.GracePeriod)
        {
            if (observed != rotation)
            {
                await _store.UpdateAccessKeyRotationAsync(observed, AccessKeyRotationState.Waiting, null, ct);
            }

            return null;
        }

        // A last look: a person may have cancelled it a moment ago on another node.
        if ((await _store.FindAccessKeyRotationAsync(rotation.RotationId, ct))?.State != AccessKeyRotationState.Waiting)
        {
            return null;
        }

        var audit = SystemAudit(rotation, "AccessKeyRotationOldKeyDisabled", $"Status=Inactive;UnusedSince={Format(seen)};GracePeriod={Span(rotation.GracePeriod)}");
        if (!(await _keyStore.UpdateAccessKeyStatusAsync(old.AccessKeyId, AccessKeyStatus.Inactive, now, audit, ct)).IsSuccess)
        {
            return null;
        }

        await _changes.PublishAsync(old.AccessKeyId, ct);
        _metrics?.AccessKeyRotation("old_key_disabled");
        var disabled = observed with { State = AccessKeyRotationState.Disabled, StateChangedAt = now };
        return await _store.UpdateAccessKeyRotationAsync(disabled, AccessKeyRotationState.Waiting, null, ct) ? disabled : null;
    }

    private async Task<AccessKeyRotation?> RecycleAsync(AccessKeyRotation rotation, AccessKey old, DateTimeOffset now, CancellationToken ct)
    {
        if (old.Status == AccessKeyStatus.Active)
        {
            // Enabled again by hand (a forgotten client showed up): the key stays.
            return await EndAsync(rotation, now, "OldKeyEnabled", ct);
        }

        if (now - rotation.StateChangedAt < rotation.RecycleHold
            || (await _store.FindAccessKeyRotationAsync(rotation.RotationId, ct))?.State != AccessKeyRotationState.Disabled)
        {
            return null;
        }

        Result moved;
        if (_options.RecycleBinDays == 0)
        {
            moved = await _keyStore.DeleteAccessKeyAsync(old.AccessKeyId, SystemAudit(rotation, "AccessKeyRotationOldKeyRecycled", "RecycleBin=off"), ct);
        }
        else
        {
            var purge = now.AddDays(_options.RecycleBinDays);
            moved = await _bin.RecycleAccessKeyAsync(old.AccessKeyId, now, purge, SystemAudit(rotation, "AccessKeyRotationOldKeyRecycled", $"RecycleBin=until {Format(purge)}"), ct);
        }

        if (!moved.IsSuccess)
        {
            return null;
        }

        await _changes.PublishAsync(old.AccessKeyId, ct);
        _metrics?.AccessKeyRotation("old_key_recycled");
        var recycled = rotation with { State = AccessKeyRotationState.Recycled, StateChangedAt = now };
        return await _store.UpdateAccessKeyRotationAsync(recycled, AccessKeyRotationState.Disabled, null, ct) ? recycled : null;
    }

    private async Task<AccessKeyRotation?> EndAsync(AccessKeyRotation rotation, DateTimeOffset now, string reason, CancellationToken ct)
    {
        var ended = rotation with { State = AccessKeyRotationState.Ended, StateChangedAt = now, EndReason = reason };
        if (!await _store.UpdateAccessKeyRotationAsync(ended, rotation.State, SystemAudit(rotation, "AccessKeyRotationEnded", $"Reason={reason};Was={rotation.State}"), ct))
        {
            return null;
        }

        _metrics?.AccessKeyRotation("ended");
        return ended;
    }

    /// <summary>Verified calls of the key counted since the hour the rotation started in (the counters are hourly).</summary>
    private async Task<long> CallsSinceStartAsync(string accessKeyId, DateTimeOffset startedAt, CancellationToken ct)
    {
        var utc = startedAt.UtcDateTime;
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        return (await _usage.ReadAccessKeyUsageAsync(accessKeyId, hour, ct)).Sum(h => h.Calls);
    }

    private Result<StartedAccessKeyRotation> Refused(ApiError error)
    {
        _metrics?.AccessKeyRotation("refused");
        return error;
    }

    private AuditEvent SystemAudit(AccessKeyRotation rotation, string eventName, string details) =>
        AuditEvents.Create(rotation.AccountId, AccessKeyRecycleBin.SystemActor, null, "", "", _time, eventName, "AccessKey", rotation.OldAccessKeyId, $"RotationId={rotation.RotationId};{details}");

    private static string Format(DateTimeOffset time) => IdleAccessKeys.Format(time);

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
