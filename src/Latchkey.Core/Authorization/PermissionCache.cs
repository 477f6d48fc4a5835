using System.Collections.Concurrent;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Users;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Roles;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Compiled <see cref="PermissionSet"/>s by UserId, loaded from the store on a miss, so the
/// request path reads no store for authorization. Any change to an account's policies,
/// attachments, groups, memberships, users or security preference is published on the change
/// feed as <c>permissions:&lt;AccountId&gt;</c> (<see cref="PermissionChanges"/>); every node then
/// drops that account's entries (invariant 7: within the same bound as a key change). An entry
/// lives at most <see cref="Lifetime"/>, a safety net should an event ever be lost.
/// </summary>
public sealed class PermissionCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RoleEntry> _roles = new(StringComparer.Ordinal);
    private readonly IRoleStore? _roleStore;
    private readonly IAccountStore _accounts;
    private readonly IRamUserStore _users;
    private readonly IPolicyStore _policies;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private long _generation;

    public PermissionCache(IAccountStore accounts, IRamUserStore users, IPolicyStore policies, IAccessKeyChangeFeed changes, TimeProvider time, IRoleStore? roles = null)
    {
        _roleStore = roles;
        ArgumentNullException.ThrowIfNull(changes);
        _accounts = accounts;
        _users = users;
        _policies = policies;
        _time = time;
        _subscription = changes.Subscribe(OnChanged);
    }

    public int Count => _entries.Count;

    /// <summary>The caller's compiled permissions; null when the user no longer exists.</summary>
    public async ValueTask<PermissionSet?> GetAsync(Principal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var userId = caller.UserId ?? throw new ArgumentException("The account has no permission set.", nameof(caller));
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(userId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Set;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await LoadAsync(caller.AccountId, userId, ct);

        // An invalidation that arrived while loading may describe a newer state than the one read.
        if (loaded is not null && Interlocked.Read(ref _generation) == generation)
        {
            var entry = new Entry(caller.AccountId, loaded, now + Lifetime);
            _entries[userId] = entry;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(userId, entry));
            }
        }

        return loaded;
    }

    /// <summary>
    /// A role's compiled policies and the time before which its sessions are refused; null when
    /// the role no longer exists (its sessions stop working). Cached and dropped like a user's set.
    /// </summary>
    public async ValueTask<RolePermissions?> GetRoleAsync(string accountId, string roleId, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_roles.TryGetValue(roleId, out var cached) && cached.ExpiresAt > now && cached.AccountId == accountId)
        {
            return cached.Role;
        }

        var generation = Interlocked.Read(ref _generation);
        var role = _roleStore is null ? null : await _roleStore.FindRoleByIdAsync(accountId, roleId, ct);
        RolePermissions? loaded = null;
        if (role is not null)
        {
            var policies = new List<EffectivePolicy>();
            foreach (var attached in await _roleStore!.ListRolePoliciesAsync(roleId, ct))
            {
                if (await ResolveAsync(accountId, attached.PolicyName, attached.PolicyType, "RamRole", ct) is { } policy)
                {
                    policies.Add(policy);
                }
            }

            loaded = new RolePermissions(role, new PermissionSet(accountId, roleId, "", false, policies));
        }

        // A deleted role is remembered as absent too, so a flood of its old tokens costs no store reads.
        if (Interlocked.Read(ref _generation) == generation)
        {
            var entry = new RoleEntry(accountId, loaded, now + Lifetime);
            _roles[roleId] = entry;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _roles.TryRemove(new KeyValuePair<string, RoleEntry>(roleId, entry));
            }
        }

        return loaded;
    }

    public void InvalidateAccount(string accountId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var pair in _entries)
        {
            if (pair.Value.AccountId == accountId)
            {
                _entries.TryRemove(pair);
            }
        }

        foreach (var pair in _roles)
        {
            if (pair.Value.AccountId == accountId)
            {
                _roles.TryRemove(pair);
            }
        }
    }

    public void Dispose() => _subscription.Dispose();

    private void OnChanged(string message)
    {
        if (PermissionChanges.TryParse(message, out var accountId))
        {
            InvalidateAccount(accountId);
        }
    }

    private async Task<PermissionSet?> LoadAsync(string accountId, string userId, CancellationToken ct)
    {
        var user = await _users.FindUserByIdAsync(accountId, userId, ct);
        var account = await _accounts.FindAccountAsync(accountId, ct);
        if (user is null || account is null)
        {
            return null;
        }

        var policies = new List<EffectivePolicy>();
        foreach (var attached in await _users.ListPoliciesAsync(userId, ct))
        {
            if (await ResolveAsync(accountId, attached.PolicyName, attached.PolicyType, "RamUser", ct) is { } policy)
            {
                policies.Add(policy);
            }
        }

        foreach (var membership in await _policies.ListGroupsForUserAsync(accountId, userId, ct))
        {
            foreach (var attached in await _policies.ListGroupPoliciesAsync(membership.Group.GroupId, ct))
            {
                if (await ResolveAsync(accountId, attached.PolicyName, attached.PolicyType, "RamGroup", ct) is { } policy)
                {
                    policies.Add(policy);
                }
            }
        }

        return new PermissionSet(accountId, userId, user.UserName, account.AllowUsersToManageOwnAccessKeys, policies);
    }

    private async Task<EffectivePolicy?> ResolveAsync(string accountId, string policyName, string policyType, string attachedTo, CancellationToken ct)
    {
        if (policyType == SystemPolicies.PolicyType)
        {
            return SystemPolicies.Get(policyName) is { } system
                ? new EffectivePolicy(system.PolicyName, SystemPolicies.PolicyType, system.DefaultVersion, attachedTo, system.Compiled)
                : null;
        }

        var versions = await _policies.ListPolicyVersionsAsync(accountId, policyName, ct);
        var current = versions.FirstOrDefault(v => v.IsDefaultVersion);

        // Documents were validated on write; one that no longer compiles (a stricter engine) grants nothing.
        return current is not null && PolicyDocument.Compile(current.PolicyDocument) is { IsSuccess: true } compiled
            ? new EffectivePolicy(policyName, PolicyTypes.Custom, current.VersionId, attachedTo, compiled.Value)
            : null;
    }

    private sealed record Entry(string AccountId, PermissionSet Set, DateTimeOffset ExpiresAt);

    private sealed record RoleEntry(string AccountId, RolePermissions? Role, DateTimeOffset ExpiresAt);
}
