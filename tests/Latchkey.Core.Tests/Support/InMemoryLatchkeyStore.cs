using System.Runtime.CompilerServices;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Cluster;
using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;
using Latchkey.Core;

namespace Latchkey.Core.Tests.Support;

/// <summary>
/// A thread-safe in-memory adapter of every store port, for Core's tests. One lock makes every
/// conditional write atomic, like the real stores' conditional inserts. Counts the calls the
/// hot-path tests assert on.
/// </summary>
internal sealed partial class InMemoryLatchkeyStore : ILatchkeyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly List<RamUser> _users = [];
    private readonly Dictionary<string, StoredAccessKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoginProfile> _profiles = new(StringComparer.Ordinal);
    private readonly List<PolicyAttachment> _policies = [];
    private readonly List<AuditEvent> _audit = [];
    private readonly Dictionary<string, LogonThrottle> _throttles = new(StringComparer.Ordinal);
    private readonly List<(AccessKeyChange Change, DateTimeOffset At)> _changes = [];
    private readonly Dictionary<string, ClusterNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<int, byte[]> _keyChecks = [];
    private int _findAccessKeyCalls;
    private int _recordLastUseCalls;

    public int FindAccessKeyCalls => Volatile.Read(ref _findAccessKeyCalls);

    public int RecordLastUseCalls => Volatile.Read(ref _recordLastUseCalls);

    public List<KeyValuePair<string, AccessKeyLastUse>> LastUseWrites { get; } = [];

    public IReadOnlyList<AuditEvent> AuditEvents
    {
        get
        {
            lock (_lock)
            {
                return [.. _audit];
            }
        }
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<LogonThrottle> RecordLogonFailureAsync(string logonKey, DateTimeOffset now, LogonThrottleRule rule, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Past its window by a whole lock duration, a row can hold neither a count nor a lock.
            foreach (var stale in _throttles.Where(t => t.Value.WindowEnd <= now - rule.LockDuration && (t.Value.LockedUntil is null || t.Value.LockedUntil <= now)).Select(t => t.Key).ToList())
            {
                _throttles.Remove(stale);
            }

            LogonThrottle next;
            if (!_throttles.TryGetValue(logonKey, out var row)
                || (row.LockedUntil is { } until ? until <= now : row.WindowEnd <= now))
            {
                next = new LogonThrottle(1, now + rule.Window, 1 >= rule.MaxFailures ? now + rule.LockDuration : null);
            }
            else
            {
                var failures = row.Failures + 1;
                var locked = row.IsLockedAt(now) ? row.LockedUntil : failures >= rule.MaxFailures ? now + rule.LockDuration : null;
                next = new LogonThrottle(failures, row.WindowEnd, locked);
            }

            _throttles[logonKey] = next;
            return Task.FromResult(next);
        }
    }

    public Task<LogonThrottle?> FindLogonThrottleAsync(string logonKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_throttles.GetValueOrDefault(logonKey));
        }
    }

    public Task ResetLogonFailuresAsync(string logonKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _throttles.Remove(logonKey);
            return Task.CompletedTask;
        }
    }

    public Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_accounts.Values.Any(a => string.Equals(a.AccountName, account.AccountName, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<Account>>(Errors.Account.NameAlreadyExists);
            }

            if (account.Alias is not null && _accounts.Values.Any(a => string.Equals(a.Alias, account.Alias, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<Account>>(Errors.Account.AliasAlreadyExists);
            }

            _accounts[account.AccountId] = account;
            AddAudit(audit);
            return Task.FromResult<Result<Account>>(account);
        }
    }

    public Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _accounts.Count > 0
                ? Task.FromResult<Result<Account>>(Errors.Account.SignUpClosed)
                : AddAccountAsync(account, audit, cancellationToken);
        }
    }

    public Task<bool> AnyAccountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.Count > 0);
        }
    }

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.GetValueOrDefault(accountId));
        }
    }

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.Values.FirstOrDefault(a => string.Equals(a.AccountName, accountName, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.Values.FirstOrDefault(a => string.Equals(a.Alias, accountAlias, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (account.Alias is not null && _accounts.Values.Any(a => a.AccountId != account.AccountId && string.Equals(a.Alias, account.Alias, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<Account>>(Errors.Account.AliasAlreadyExists);
            }

            if (!_accounts.ContainsKey(account.AccountId))
            {
                return Task.FromResult<Result<Account>>(Errors.Account.NotFound);
            }

            _accounts[account.AccountId] = account;
            AddAudit(audit);
            return Task.FromResult<Result<Account>>(account);
        }
    }

    public Task<Result<RamUser>> AddUserAsync(RamUser user, int maxUsersPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.ContainsKey(user.AccountId))
            {
                return Task.FromResult<Result<RamUser>>(Errors.Account.NotFound);
            }

            if (_users.Any(u => u.AccountId == user.AccountId && string.Equals(u.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<RamUser>>(Errors.User.AlreadyExists);
            }

            if (_users.Count(u => u.AccountId == user.AccountId) >= maxUsersPerAccount)
            {
                return Task.FromResult<Result<RamUser>>(Errors.User.LimitExceeded);
            }

            _users.Add(user);
            AddAudit(audit);
            return Task.FromResult<Result<RamUser>>(user);
        }
    }

    public Task<RamUser?> FindUserByNameAsync(string accountId, string userName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.FirstOrDefault(u => u.AccountId == accountId && string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public Task<RamUser?> FindUserByIdAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.FirstOrDefault(u => u.AccountId == accountId && u.UserId == userId));
        }
    }

    public Task<Result<RamUser>> UpdateUserAsync(RamUser user, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _users.FindIndex(u => u.UserId == user.UserId);
            if (index < 0)
            {
                return Task.FromResult<Result<RamUser>>(Errors.User.NotFound);
            }

            if (_users.Any(u => u.AccountId == user.AccountId && u.UserId != user.UserId && string.Equals(u.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<RamUser>>(Errors.User.AlreadyExists);
            }

            _users[index] = user;
            AddAudit(audit);
            foreach (var key in _keys.Values.Where(k => k.Key.UserId == user.UserId).OrderBy(k => k.Key.CreateDate))
            {
                AppendChange(key.Key.AccessKeyId, audit.Time);
            }

            return Task.FromResult<Result<RamUser>>(user);
        }
    }

    public Task<Result> DeleteUserAsync(string accountId, string userId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _users.FindIndex(u => u.AccountId == accountId && u.UserId == userId);
            if (index < 0)
            {
                return Task.FromResult<Result>(Errors.User.NotFound);
            }

            if (_keys.Values.Any(k => k.Key.UserId == userId && !k.Key.IsRecycled))
            {
                return Task.FromResult<Result>(Errors.User.DeleteConflictAccessKey);
            }

            if (_profiles.ContainsKey(userId))
            {
                return Task.FromResult<Result>(Errors.User.DeleteConflictLoginProfile);
            }

            if (_policies.Any(p => p.UserId == userId))
            {
                return Task.FromResult<Result>(Errors.User.DeleteConflictPolicy);
            }

            if (_members.Any(m => m.UserId == userId))
            {
                return Task.FromResult<Result>(Errors.User.DeleteConflictGroup);
            }

            foreach (var recycled in _keys.Values.Where(k => k.Key.UserId == userId && k.Key.IsRecycled).Select(k => k.Key.AccessKeyId).ToList())
            {
                _keys.Remove(recycled);
                _guards.Remove(recycled);
            }

            _users.RemoveAt(index);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result<Page<RamUser>>> ListUsersAsync(string accountId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Latchkey.Storage.Paging.TryStartUsers(marker, maxItems, out var afterTicks, out var afterId))
            {
                return Task.FromResult<Result<Page<RamUser>>>(Errors.Request.InvalidParameter);
            }

            var rest = _users
                .Where(u => u.AccountId == accountId)
                .Where(u => u.CreateDate.UtcTicks > afterTicks || (u.CreateDate.UtcTicks == afterTicks && string.CompareOrdinal(u.UserId, afterId) > 0))
                .OrderBy(u => u.CreateDate.UtcTicks).ThenBy(u => u.UserId, StringComparer.Ordinal)
                .Take(maxItems + 1)
                .ToList();
            var items = rest.Take(maxItems).ToList();
            var next = rest.Count > maxItems ? Latchkey.Storage.Marker.Encode(items[^1].CreateDate.UtcTicks, items[^1].UserId) : null;
            return Task.FromResult<Result<Page<RamUser>>>(new Page<RamUser>(items, next));
        }
    }

    public Task<int> CountUsersAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_users.Count(u => u.AccountId == accountId));
        }
    }

    public Task<LoginProfile?> FindLoginProfileAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_profiles.GetValueOrDefault(userId));
        }
    }

    public Task<Result> AddLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_users.Any(u => u.UserId == profile.UserId))
            {
                return Task.FromResult<Result>(Errors.User.NotFound);
            }

            if (!_profiles.TryAdd(profile.UserId, profile))
            {
                return Task.FromResult<Result>(Errors.LoginProfile.AlreadyExists);
            }

            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> UpdateLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_profiles.ContainsKey(profile.UserId))
            {
                return Task.FromResult<Result>(Errors.LoginProfile.NotFound);
            }

            _profiles[profile.UserId] = profile;
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> DeleteLoginProfileAsync(string userId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_profiles.Remove(userId))
            {
                return Task.FromResult<Result>(Errors.LoginProfile.NotFound);
            }

            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task RecordUserLoginAsync(string userId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _users.FindIndex(u => u.UserId == userId);
            // A late writer never moves the last login back.
            if (index >= 0 && (_users[index].LastLoginDate is not { } last || last < time))
            {
                _users[index] = _users[index] with { LastLoginDate = time };
            }

            return Task.CompletedTask;
        }
    }

    public Task<Result> AttachPolicyAsync(PolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_users.Any(u => u.UserId == attachment.UserId && u.AccountId == attachment.AccountId))
            {
                return Task.FromResult<Result>(Errors.User.NotFound);
            }

            if (attachment.PolicyType == "Custom" && FindCustom(attachment.AccountId, attachment.PolicyName) is null)
            {
                return Task.FromResult<Result>(Errors.Policy.NotFound);
            }

            if (_policies.Any(p => p.UserId == attachment.UserId && p.PolicyName == attachment.PolicyName))
            {
                return Task.FromResult<Result>(Errors.Policy.AlreadyAttached);
            }

            if (_policies.Count(p => p.UserId == attachment.UserId && p.PolicyType == attachment.PolicyType) >= maxPerType)
            {
                return Task.FromResult<Result>(Errors.Policy.UserPolicyLimitExceeded);
            }

            _policies.Add(attachment);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> DetachPolicyAsync(string userId, string policyName, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_policies.RemoveAll(p => p.UserId == userId && p.PolicyName == policyName) == 0)
            {
                return Task.FromResult<Result>(Errors.Policy.NotAttached);
            }

            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<IReadOnlyList<PolicyAttachment>> ListPoliciesAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PolicyAttachment>>(_policies.Where(p => p.UserId == userId).ToList());
        }
    }

    public async Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken)
    {
        // Yield so that concurrent creates really interleave up to the lock.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (key.Key.UserId is { } userId && !_users.Any(u => u.UserId == userId))
            {
                return Errors.User.NotFound;
            }

            if (_audit.Any(e => e.EventId == audit.EventId))
            {
                throw new InvalidOperationException("audit event id already recorded");
            }

            var held = _keys.Values.Count(k => k.Key.AccountId == key.Key.AccountId && k.Key.UserId == key.Key.UserId && !k.Key.IsRecycled);
            if (held >= limit)
            {
                return Errors.AccessKey.LimitExceeded;
            }

            _keys.Add(key.Key.AccessKeyId, key);
            AddAudit(audit);
            AppendChange(key.Key.AccessKeyId, audit.Time);
            return Result.Success;
        }
    }

    public Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _findAccessKeyCalls);
        lock (_lock)
        {
            return Task.FromResult(_keys.GetValueOrDefault(accessKeyId) is { Key.IsRecycled: false } live ? live : null);
        }
    }

    public Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKey>>(_keys.Values
                .Where(k => k.Key.AccountId == accountId && k.Key.UserId == userId && !k.Key.IsRecycled)
                .Select(k => k.Key)
                .OrderBy(k => k.CreateDate)
                .ToList());
        }
    }

    public Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(accessKeyId, out var stored) || stored.Key.IsRecycled)
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            _keys[accessKeyId] = stored with { Key = stored.Key with { Status = status, UpdateDate = updateDate } };
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(accessKeyId, out var stored) || stored.Key.IsRecycled || !_keys.Remove(accessKeyId))
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            _guards.Remove(accessKeyId);
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _recordLastUseCalls);
        lock (_lock)
        {
            foreach (var (id, use) in uses)
            {
                LastUseWrites.Add(new(id, use));
                if (_keys.TryGetValue(id, out var stored) && (stored.Key.LastUse is null || stored.Key.LastUse.Time < use.Time))
                {
                    _keys[id] = stored with { Key = stored.Key with { LastUse = use } };
                }
            }

            return Task.CompletedTask;
        }
    }

    public async IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredAccessKey> all;
        lock (_lock)
        {
            all = [.. _keys.Values.OrderBy(k => k.Key.AccessKeyId, StringComparer.Ordinal)];
        }

        foreach (var key in all)
        {
            await Task.Yield();
            yield return key;
        }
    }

    public Task ReplaceSecretAsync(string accessKeyId, ProtectedSecret secret, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(accessKeyId, out var stored))
            {
                _keys[accessKeyId] = stored with { Secret = secret };
            }

            return Task.CompletedTask;
        }
    }

    public Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Latchkey.Storage.Paging.TryStartAuditEvents(marker, maxItems, out var beforeTicks, out var beforeSeq))
            {
                return Task.FromResult<Result<Page<AuditEvent>>>(Errors.Request.InvalidParameter);
            }

            var rest = _audit
                .Select((e, seq) => (Event: e, Seq: (long)seq))
                .Where(x => accountId is null || x.Event.AccountId == accountId)
                .Where(x => x.Event.Time.UtcTicks < beforeTicks || (x.Event.Time.UtcTicks == beforeTicks && x.Seq < beforeSeq))
                .OrderByDescending(x => x.Event.Time.UtcTicks).ThenByDescending(x => x.Seq)
                .Take(maxItems + 1)
                .ToList();
            var items = rest.Take(maxItems).ToList();
            var next = rest.Count > maxItems
                ? Latchkey.Storage.Marker.Encode(items[^1].Event.Time.UtcTicks, items[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : null;
            return Task.FromResult<Result<Page<AuditEvent>>>(new Page<AuditEvent>([.. items.Select(x => x.Event)], next));
        }
    }

    public Task AppendChangeAsync(string subject, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            AppendChange(subject, changedAt);
            return Task.CompletedTask;
        }
    }

    public Task<long> GetLatestAccessKeyChangeAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_changes.Count == 0 ? 0L : _changes[^1].Change.Sequence);
        }
    }

    public Task<IReadOnlyList<AccessKeyChange>> ReadAccessKeyChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKeyChange>>(_changes.Select(c => c.Change).Where(c => c.Sequence > afterSequence).Take(limit).ToList());
        }
    }

    public Task<int> PruneAccessKeyChangesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_changes.RemoveAll(c => c.At < before));
        }
    }

    public Task RegisterNodeAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _nodes[node.NodeId] = node;
            return Task.CompletedTask;
        }
    }

    public Task<bool> HeartbeatNodeAsync(string nodeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var node))
            {
                return Task.FromResult(false);
            }

            _nodes[nodeId] = node with { Heartbeats = node.Heartbeats + 1, LastHeartbeat = now };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ClusterNode>>(_nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal).ToList());
        }
    }

    public Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _nodes.Remove(nodeId);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyDictionary<int, byte[]>> ListMasterKeyChecksAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<int, byte[]>>(new Dictionary<int, byte[]>(_keyChecks));
        }
    }

    public Task AddMasterKeyCheckAsync(int keyVersion, byte[] check, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _keyChecks.TryAdd(keyVersion, check);
            return Task.CompletedTask;
        }
    }

    public Task RemoveMasterKeyCheckAsync(int keyVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _keyChecks.Remove(keyVersion);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyDictionary<int, long>> CountAccessKeysByKeyVersionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<int, long>>(_keys.Values.GroupBy(k => k.Secret.KeyVersion).ToDictionary(g => g.Key, g => g.LongCount()));
        }
    }

    public Task<StoredAccessKey?> FindAccessKeyByKeyVersionAsync(int keyVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Values.Where(k => k.Secret.KeyVersion == keyVersion).OrderBy(k => k.Key.AccessKeyId, StringComparer.Ordinal).FirstOrDefault());
        }
    }

    public async IAsyncEnumerable<StoredAccessKey> ListAccessKeysBySecretFormatAsync(int format, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredAccessKey> rows;
        lock (_lock)
        {
            rows = _keys.Values.Where(k => k.Secret.Format == format).OrderBy(k => k.Key.AccessKeyId, StringComparer.Ordinal).ToList();
        }

        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    /// <summary>Records a change's audit event and, as the SQL stores do in the change's transaction, its permission change.</summary>
    private void AddAudit(AuditEvent audit)
    {
        _audit.Add(audit);
        if (audit.ChangesPermissions)
        {
            AppendChange(PermissionChanges.Prefix + audit.AccountId, audit.Time);
        }
    }

    private void AppendChange(string accessKeyId, DateTimeOffset at)
    {
        var sequence = _changes.Count == 0 ? 1 : _changes[^1].Change.Sequence + 1;
        _changes.Add((new AccessKeyChange(sequence, accessKeyId), at));
    }
}
