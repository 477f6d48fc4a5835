using Latchkey.Core.Audit;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The AccessKey recycle bin: what DeleteAccessKey leaves behind (see
/// <see cref="AccessKeyService.DeleteAsync"/>). Owners are named by UserId as IMS does; an absent
/// UserId is the caller itself (the account's own keys when the account calls), except that the
/// account may restore or delete any key of its own account without naming the owner.
/// </summary>
public sealed class AccessKeyRecycleBin
{
    /// <summary>The actor of changes no person asked for (purges, idle disabling, rotation steps).</summary>
    public const string SystemActor = "latchkey";

    private const int PurgeBatch = 500;

    private readonly IAccessKeyRecycleBinStore _store;
    private readonly IRamUserStore _users;
    private readonly AccessKeyService _keys;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly IMetricsSink? _metrics;

    public AccessKeyRecycleBin(IAccessKeyRecycleBinStore store, IRamUserStore users, AccessKeyService keys, IAccessKeyChangeFeed changes, TimeProvider time, IMetricsSink? metrics = null)
    {
        _store = store;
        _users = users;
        _keys = keys;
        _changes = changes;
        _time = time;
        _metrics = metrics;
    }

    /// <summary>The keys in the bin of the owner named by <paramref name="userId"/> (absent = the caller).</summary>
    public async Task<Result<IReadOnlyList<AccessKey>>> ListAsync(Principal caller, string? userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var owner = await ResolveOwnerAsync(caller, userId, ct);
        return owner.IsSuccess ? Result.Of(await _store.ListRecycledAccessKeysAsync(caller.AccountId, owner.Value, ct)) : owner.Error;
    }

    /// <summary>A key of the caller's account in the bin; a key of another account and no key look the same.</summary>
    public async Task<Result<AccessKey>> GetAsync(Principal caller, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(accessKeyId))
        {
            return Errors.Missing("UserAccessKeyId");
        }

        if (!AccessKeyIdFormat.IsWellFormed(accessKeyId)
            || await _store.FindRecycledAccessKeyAsync(accessKeyId, ct) is not { } key
            || !string.Equals(key.AccountId, caller.AccountId, StringComparison.Ordinal))
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        return key;
    }

    /// <summary>Brings the key back with the status it had; refused (LimitExceeded.User.AccessKey) when its owner has no room.</summary>
    public async Task<Result> RestoreAsync(AuditContext ctx, string? userId, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await FindOwnedAsync(ctx.Actor, userId, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var key = found.Value;
        var audit = AuditEvents.Create(ctx, _time, "RestoreAccessKeyFromRecycleBin", "AccessKey", key.AccessKeyId, $"Status={key.Status}");
        var restored = await _store.RestoreAccessKeyAsync(key.AccessKeyId, _keys.LimitFor(key.UserId), _time.GetUtcNow(), audit, ct);
        if (restored.IsSuccess)
        {
            // Drops a "not found" any node cached for this id while it was in the bin.
            await _changes.PublishAsync(key.AccessKeyId, ct);
            _metrics?.AccessKeyLifecycle("restored");
        }

        return restored;
    }

    /// <summary>Deletes a key in the bin for good.</summary>
    public async Task<Result> DeleteAsync(AuditContext ctx, string? userId, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await FindOwnedAsync(ctx.Actor, userId, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var id = found.Value.AccessKeyId;
        var deleted = await _store.DeleteRecycledAccessKeyAsync(id, AuditEvents.Create(ctx, _time, "DeleteAccessKeyInRecycleBin", "AccessKey", id), ct);
        if (deleted.IsSuccess)
        {
            await _changes.PublishAsync(id, ct);
            _metrics?.AccessKeyLifecycle("purged");
        }

        return deleted;
    }

    /// <summary>Deletes for good every key whose time in the bin is over; returns how many. Safe on several nodes at once.</summary>
    public async Task<int> PurgeDueAsync(CancellationToken ct)
    {
        var purged = 0;
        while (true)
        {
            var due = await _store.ListRecycledAccessKeysDueAsync(_time.GetUtcNow(), PurgeBatch, ct);
            foreach (var key in due)
            {
                var audit = AuditEvents.Create(key.AccountId, SystemActor, null, "", "", _time, "PurgeAccessKeyFromRecycleBin", "AccessKey", key.AccessKeyId, "RecycleBin=expired");
                if ((await _store.DeleteRecycledAccessKeyAsync(key.AccessKeyId, audit, ct)).IsSuccess)
                {
                    await _changes.PublishAsync(key.AccessKeyId, ct);
                    _metrics?.AccessKeyLifecycle("purged");
                    purged++;
                }
            }

            if (due.Count < PurgeBatch)
            {
                return purged;
            }
        }
    }

    private async Task<Result<AccessKey>> FindOwnedAsync(Principal caller, string? userId, string? accessKeyId, CancellationToken ct)
    {
        var found = await GetAsync(caller, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        // The account may name no owner: any key of its account. Anyone else names the owner or means itself.
        if (caller.IsAccount && string.IsNullOrEmpty(userId))
        {
            return found;
        }

        var owner = await ResolveOwnerAsync(caller, userId, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        return string.Equals(found.Value.UserId, owner.Value, StringComparison.Ordinal) ? found : Errors.AccessKey.UserKeyNotFound;
    }

    /// <summary>The UserId a request names (null = the account's own keys); EntityNotExist.User for a user not in the caller's account.</summary>
    private async Task<Result<string?>> ResolveOwnerAsync(Principal caller, string? userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return caller.UserId;
        }

        if (await _users.FindUserByIdAsync(caller.AccountId, userId, ct) is not { } user)
        {
            return Errors.User.NotFound;
        }

        return user.UserId;
    }
}
