using Latchkey.Core.Audit;
using Latchkey.Core.Diagnostics;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// AccessKey pairs of the account and its RAM users. Owns invariant 1 (the per-owner limit, via
/// the store's atomic conditional insert) and the create side of invariant 2 (the secret is
/// encrypted before anything is stored and returned only by <see cref="CreateAsync"/>).
/// </summary>
public sealed class AccessKeyService
{
    /// <summary>Keys a RAM user may hold, Active and Inactive both counting.</summary>
    public const int UserAccessKeyLimit = 2;

    private readonly IAccessKeyStore _store;
    private readonly IRamUserStore _users;
    private readonly ISecretProtector _protector;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _options;
    private readonly IMetricsSink? _metrics;
    private readonly AccessKeyLifecycleOptions _lifecycle;
    private readonly IAccessKeyRecycleBinStore _bin;

    public AccessKeyService(
        IAccessKeyStore store,
        IRamUserStore users,
        ISecretProtector protector,
        IAccessKeyChangeFeed changes,
        TimeProvider time,
        IOptions<IdentityOptions> options,
        IAccessKeyRecycleBinStore bin,
        IMetricsSink? metrics = null,
        IOptions<AccessKeyLifecycleOptions>? lifecycle = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _lifecycle = lifecycle?.Value ?? new AccessKeyLifecycleOptions();
        _bin = bin;
        _store = store;
        _users = users;
        _protector = protector;
        _changes = changes;
        _time = time;
        _options = options.Value;
        _metrics = metrics;
    }

    public async Task<Result<CreatedAccessKey>> CreateAsync(AuditContext ctx, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var owner = await ResolveOwnerAsync(ctx.Actor, userName, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        var (userId, ownerName) = owner.Value;
        var now = _time.GetUtcNow();
        var id = AccessKeyIdFormat.NewAccessKeyId(_options.AccessKeyIdPrefix);
        var secret = AccessKeyIdFormat.NewSecret();
        var key = new AccessKey(id, ctx.Actor.AccountId, userId, AccessKeyStatus.Active, now, now, null);
        var limit = LimitFor(userId);
        var audit = AuditEvents.Create(ctx, _time, "CreateAccessKey", "AccessKey", id, $"Owner={ownerName}");
        var added = await _store.AddAccessKeyAsync(new StoredAccessKey(key, _protector.Protect(SecretOwner.Of(key), secret)), limit, audit, ct);
        if (!added.IsSuccess)
        {
            return userId is null && added.Error == Errors.AccessKey.LimitExceeded ? Errors.AccessKey.AccountLimitExceeded : added.Error;
        }

        // Drops a "not found" a node may have cached for this id a moment ago.
        await _changes.PublishAsync(id, ct);
        _metrics?.AccessKeyCreated();
        return new CreatedAccessKey(key, secret);
    }

    public async Task<Result<IReadOnlyList<AccessKey>>> ListAsync(Principal caller, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var owner = await ResolveOwnerAsync(caller, userName, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        return Result.Of(await _store.ListAccessKeysAsync(caller.AccountId, owner.Value.UserId, ct));
    }

    public async Task<Result<AccessKey>> GetAsync(Principal caller, string? userName, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var found = await FindOwnedAsync(caller, userName, accessKeyId, ct);
        return found.IsSuccess ? found.Value.Key : found.Error;
    }

    public async Task<Result> UpdateStatusAsync(AuditContext ctx, string? userName, string? accessKeyId, string? status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(status))
        {
            return Errors.Missing("Status");
        }

        AccessKeyStatus newStatus;
        if (string.Equals(status, "Active", StringComparison.Ordinal))
        {
            newStatus = AccessKeyStatus.Active;
        }
        else if (string.Equals(status, "Inactive", StringComparison.Ordinal))
        {
            newStatus = AccessKeyStatus.Inactive;
        }
        else
        {
            return Errors.AccessKey.InvalidStatus;
        }

        var found = await FindOwnedAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var id = found.Value.Key.AccessKeyId;
        var audit = AuditEvents.Create(ctx, _time, "UpdateAccessKey", "AccessKey", id, $"Status={status}");
        var result = await _store.UpdateAccessKeyStatusAsync(id, newStatus, _time.GetUtcNow(), audit, ct);
        if (result.IsSuccess)
        {
            await _changes.PublishAsync(id, ct);
            _metrics?.AccessKeyDeleted();
        }

        return result;
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? userName, string? accessKeyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await FindOwnedAsync(ctx.Actor, userName, accessKeyId, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var id = found.Value.Key.AccessKeyId;
        Result result;
        if (_lifecycle.RecycleBinDays == 0)
        {
            result = await _store.DeleteAccessKeyAsync(id, AuditEvents.Create(ctx, _time, "DeleteAccessKey", "AccessKey", id), ct);
        }
        else
        {
            // Into the recycle bin: restorable until the purge date, never verifying meanwhile
            // (the change-log row written with it makes every node drop its cached copy).
            var now = _time.GetUtcNow();
            var purge = now.AddDays(_lifecycle.RecycleBinDays);
            var audit = AuditEvents.Create(ctx, _time, "DeleteAccessKey", "AccessKey", id, $"RecycleBin=until {purge.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
            result = await _bin.RecycleAccessKeyAsync(id, now, purge, audit, ct);
        }

        if (result.IsSuccess)
        {
            await _changes.PublishAsync(id, ct);
            _metrics?.AccessKeyDeleted();
        }

        return result;
    }

    /// <summary>The UserId of the owner a request names (null = the account's own keys), as the other methods resolve it.</summary>
    public async Task<Result<string?>> OwnerIdAsync(Principal caller, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var owner = await ResolveOwnerAsync(caller, userName, ct);
        return owner.IsSuccess ? owner.Value.UserId : owner.Error;
    }

    /// <summary>The most keys <paramref name="userId"/> (null = the account itself) may hold.</summary>
    public int LimitFor(string? userId) => userId is null ? _options.AccountAccessKeyLimit : UserAccessKeyLimit;

    /// <summary>The key, if it belongs to the resolved owner; someone else's key and no key look the same.</summary>
    private async Task<Result<StoredAccessKey>> FindOwnedAsync(Principal caller, string? userName, string? accessKeyId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accessKeyId))
        {
            return Errors.Missing("UserAccessKeyId");
        }

        var owner = await ResolveOwnerAsync(caller, userName, ct);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        if (!AccessKeyIdFormat.IsWellFormed(accessKeyId))
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        var stored = await _store.FindAccessKeyAsync(accessKeyId, ct);
        if (stored is null
            || !string.Equals(stored.Key.AccountId, caller.AccountId, StringComparison.Ordinal)
            || !string.Equals(stored.Key.UserId, owner.Value.UserId, StringComparison.Ordinal))
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        return stored;
    }

    /// <summary>null userName = the caller itself: the account (UserId null) or the calling RAM user.</summary>
    private async Task<Result<(string? UserId, string Name)>> ResolveOwnerAsync(Principal caller, string? userName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName))
        {
            if (caller.IsRoleSession)
            {
                // A session has no keys of its own; never let "the caller" fall through to the account.
                return Errors.Sts.SessionNotSupported;
            }

            return caller.IsAccount ? (null, caller.AccountId) : (caller.UserId, caller.UserName ?? caller.UserId!);
        }

        var user = await _users.FindUserByNameAsync(caller.AccountId, userName, ct);
        return user is null ? Errors.User.NotFound : (user.UserId, user.UserName);
    }
}
