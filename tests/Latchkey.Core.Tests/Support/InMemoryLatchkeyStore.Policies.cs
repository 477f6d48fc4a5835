using Latchkey.Core.Audit;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.Support;

/// <summary>The in-memory adapter of <see cref="IPolicyStore"/>: the same rules as SqlPolicyStore, under the one lock.</summary>
internal sealed partial class InMemoryLatchkeyStore
{
    private readonly List<CustomPolicy> _customPolicies = [];
    private readonly Dictionary<(string AccountId, string PolicyName), List<(PolicyVersion Version, int Number)>> _versions = [];
    private readonly Dictionary<(string AccountId, string PolicyName), int> _nextVersion = [];
    private readonly List<RamGroup> _groups = [];
    private readonly List<(string GroupId, string UserId, string AccountId, DateTimeOffset JoinDate)> _members = [];
    private readonly List<GroupPolicyAttachment> _groupPolicies = [];

    public Task<Result<CustomPolicy>> AddPolicyAsync(CustomPolicy policy, string document, int maxPoliciesPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(policy.AccountId, policy.PolicyName) is not null)
            {
                return Task.FromResult<Result<CustomPolicy>>(Errors.Policy.AlreadyExists);
            }

            if (_customPolicies.Count(p => p.AccountId == policy.AccountId) >= maxPoliciesPerAccount)
            {
                return Task.FromResult<Result<CustomPolicy>>(Errors.Policy.LimitExceeded);
            }

            _customPolicies.Add(policy);
            _versions[(policy.AccountId, policy.PolicyName)] = [(new PolicyVersion("v1", true, document, policy.CreateDate), 1)];
            _nextVersion[(policy.AccountId, policy.PolicyName)] = 2;
            AddAudit(audit);
            return Task.FromResult<Result<CustomPolicy>>(policy);
        }
    }

    public Task<CustomPolicy?> FindPolicyAsync(string accountId, string policyName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(FindCustom(accountId, policyName) is { } p ? WithCount(p) : null);
        }
    }

    public Task<IReadOnlyList<CustomPolicy>> ListCustomPoliciesAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<CustomPolicy>>([.. _customPolicies.Where(p => p.AccountId == accountId).OrderBy(p => p.CreateDate).Select(WithCount)]);
        }
    }

    public Task<Result<CustomPolicy>> UpdatePolicyDescriptionAsync(string accountId, string policyName, string description, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Task.FromResult<Result<CustomPolicy>>(Errors.Policy.NotFound);
            }

            var updated = policy with { Description = description, UpdateDate = updateDate };
            _customPolicies[_customPolicies.IndexOf(policy)] = updated;
            AddAudit(audit);
            return Task.FromResult<Result<CustomPolicy>>(WithCount(updated));
        }
    }

    public Task<Result> DeletePolicyAsync(string accountId, string policyName, bool cascade, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Done(Errors.Policy.NotFound);
            }

            if (_policies.Any(a => a.AccountId == accountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName))
            {
                return Done(Errors.Policy.DeleteConflictUser);
            }

            if (_groupPolicies.Any(a => a.AccountId == accountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName))
            {
                return Done(Errors.Policy.DeleteConflictGroup);
            }

            if (_rolePolicies.Any(a => a.AccountId == accountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName))
            {
                return Done(Errors.Role.DeleteConflictPolicyRole);
            }

            var key = (accountId, policy.PolicyName);
            if (!cascade && _versions[key].Count > 1)
            {
                return Done(Errors.Policy.DeleteConflictVersion);
            }

            _customPolicies.Remove(policy);
            _versions.Remove(key);
            _nextVersion.Remove(key);
            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<Result<PolicyVersion>> AddPolicyVersionAsync(string accountId, string policyName, string document, bool setAsDefault, PolicyVersionRotation rotation, int maxVersions, DateTimeOffset createDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Task.FromResult<Result<PolicyVersion>>(Errors.Policy.NotFound);
            }

            var key = (accountId, policy.PolicyName);
            var versions = _versions[key];
            if (versions.Count >= maxVersions)
            {
                var oldest = versions.FindIndex(v => v.Version.VersionId != policy.DefaultVersion);
                if (rotation is PolicyVersionRotation.None || oldest < 0)
                {
                    return Task.FromResult<Result<PolicyVersion>>(Errors.Policy.VersionLimitExceeded);
                }

                versions.RemoveAt(oldest);
            }

            var number = _nextVersion[key]++;
            var version = new PolicyVersion($"v{number}", setAsDefault, document, createDate);
            versions.Add((version, number));
            if (setAsDefault)
            {
                _customPolicies[_customPolicies.IndexOf(policy)] = policy with { DefaultVersion = version.VersionId, UpdateDate = createDate };
            }

            AddAudit(audit);
            return Task.FromResult<Result<PolicyVersion>>(version);
        }
    }

    public Task<IReadOnlyList<PolicyVersion>> ListPolicyVersionsAsync(string accountId, string policyName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Task.FromResult<IReadOnlyList<PolicyVersion>>([]);
            }

            return Task.FromResult<IReadOnlyList<PolicyVersion>>(
                [.. _versions[(accountId, policy.PolicyName)].Select(v => v.Version with { IsDefaultVersion = v.Version.VersionId == policy.DefaultVersion })]);
        }
    }

    public Task<Result> DeletePolicyVersionAsync(string accountId, string policyName, string versionId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Done(Errors.Policy.NotFound);
            }

            if (policy.DefaultVersion == versionId)
            {
                return Done(Errors.Policy.DeleteConflictDefaultVersion);
            }

            if (_versions[(accountId, policy.PolicyName)].RemoveAll(v => v.Version.VersionId == versionId) == 0)
            {
                return Done(Errors.Policy.VersionNotFound);
            }

            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<Result> SetDefaultPolicyVersionAsync(string accountId, string policyName, string versionId, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindCustom(accountId, policyName) is not { } policy)
            {
                return Done(Errors.Policy.NotFound);
            }

            if (!_versions[(accountId, policy.PolicyName)].Any(v => v.Version.VersionId == versionId))
            {
                return Done(Errors.Policy.VersionNotFound);
            }

            _customPolicies[_customPolicies.IndexOf(policy)] = policy with { DefaultVersion = versionId, UpdateDate = updateDate };
            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<PolicyEntities> ListEntitiesForPolicyAsync(string accountId, string policyName, string policyType, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var users = _policies.Where(a => a.AccountId == accountId && a.PolicyType == policyType && a.PolicyName == policyName)
                .Select(a => (a, u: _users.First(u => u.UserId == a.UserId)))
                .Select(x => new PolicyEntities.AttachedUser(x.u.UserId, x.u.UserName, x.u.DisplayName, x.a.AttachDate)).ToList();
            var groups = _groupPolicies.Where(a => a.AccountId == accountId && a.PolicyType == policyType && a.PolicyName == policyName)
                .Select(a => (a, g: _groups.First(g => g.GroupId == a.GroupId)))
                .Select(x => new PolicyEntities.AttachedGroup(x.g.GroupId, x.g.GroupName, x.g.Comments, x.a.AttachDate)).ToList();
            var roles = _rolePolicies.Where(a => a.AccountId == accountId && a.PolicyType == policyType && a.PolicyName == policyName)
                .Select(a => (a, r: _roles.First(r => r.RoleId == a.RoleId)))
                .Select(x => new PolicyEntities.AttachedRole(x.r.RoleId, x.r.RoleName, x.r.Arn, x.r.Description, x.a.AttachDate)).ToList();
            return Task.FromResult(new PolicyEntities(users, groups) { Roles = roles });
        }
    }

    public Task<Result<RamGroup>> AddGroupAsync(RamGroup group, int maxGroupsPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindGroup(group.AccountId, group.GroupName) is not null)
            {
                return Task.FromResult<Result<RamGroup>>(Errors.Group.AlreadyExists);
            }

            if (_groups.Count(g => g.AccountId == group.AccountId) >= maxGroupsPerAccount)
            {
                return Task.FromResult<Result<RamGroup>>(Errors.Group.LimitExceeded);
            }

            _groups.Add(group);
            AddAudit(audit);
            return Task.FromResult<Result<RamGroup>>(group);
        }
    }

    public Task<RamGroup?> FindGroupAsync(string accountId, string groupName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(FindGroup(accountId, groupName));
        }
    }

    public Task<Result<RamGroup>> UpdateGroupAsync(RamGroup group, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_groups.Any(g => g.AccountId == group.AccountId && g.GroupId != group.GroupId && string.Equals(g.GroupName, group.GroupName, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Result<RamGroup>>(Errors.Group.AlreadyExists);
            }

            var index = _groups.FindIndex(g => g.GroupId == group.GroupId && g.AccountId == group.AccountId);
            if (index < 0)
            {
                return Task.FromResult<Result<RamGroup>>(Errors.Group.NotFound);
            }

            _groups[index] = group;
            AddAudit(audit);
            return Task.FromResult<Result<RamGroup>>(group);
        }
    }

    public Task<Result> DeleteGroupAsync(string accountId, string groupId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _groups.FindIndex(g => g.GroupId == groupId && g.AccountId == accountId);
            if (index < 0)
            {
                return Done(Errors.Group.NotFound);
            }

            if (_members.Any(m => m.GroupId == groupId))
            {
                return Done(Errors.Group.DeleteConflictUser);
            }

            if (_groupPolicies.Any(a => a.GroupId == groupId))
            {
                return Done(Errors.Group.DeleteConflictPolicy);
            }

            _groups.RemoveAt(index);
            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<IReadOnlyList<RamGroup>> ListGroupsAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RamGroup>>([.. _groups.Where(g => g.AccountId == accountId).OrderBy(g => g.CreateDate)]);
        }
    }

    public Task<Result> AddUserToGroupAsync(string accountId, string groupId, string userId, DateTimeOffset joinDate, int maxGroupsPerUser, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_users.Any(u => u.UserId == userId && u.AccountId == accountId))
            {
                return Done(Errors.User.NotFound);
            }

            if (!_groups.Any(g => g.GroupId == groupId && g.AccountId == accountId))
            {
                return Done(Errors.Group.NotFound);
            }

            if (_members.Any(m => m.GroupId == groupId && m.UserId == userId))
            {
                return Done(Errors.Group.MemberAlreadyExists);
            }

            if (_members.Count(m => m.UserId == userId) >= maxGroupsPerUser)
            {
                return Done(Errors.Group.UserGroupLimitExceeded);
            }

            _members.Add((groupId, userId, accountId, joinDate));
            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<Result> RemoveUserFromGroupAsync(string groupId, string userId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_members.RemoveAll(m => m.GroupId == groupId && m.UserId == userId) == 0)
            {
                return Done(Errors.Group.MemberNotFound);
            }

            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<IReadOnlyList<GroupMembership>> ListGroupsForUserAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<GroupMembership>>([.. _members.Where(m => m.AccountId == accountId && m.UserId == userId).OrderBy(m => m.JoinDate).Select(Membership)]);
        }
    }

    public Task<IReadOnlyList<GroupMembership>> ListUsersForGroupAsync(string accountId, string groupId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<GroupMembership>>([.. _members.Where(m => m.AccountId == accountId && m.GroupId == groupId).OrderBy(m => m.JoinDate).Select(Membership)]);
        }
    }

    public Task<Result> AttachGroupPolicyAsync(GroupPolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_groups.Any(g => g.GroupId == attachment.GroupId && g.AccountId == attachment.AccountId))
            {
                return Done(Errors.Group.NotFound);
            }

            if (attachment.PolicyType == "Custom" && FindCustom(attachment.AccountId, attachment.PolicyName) is null)
            {
                return Done(Errors.Policy.NotFound);
            }

            if (_groupPolicies.Any(a => a.GroupId == attachment.GroupId && a.PolicyName == attachment.PolicyName))
            {
                return Done(Errors.Group.PolicyAlreadyAttached);
            }

            if (_groupPolicies.Count(a => a.GroupId == attachment.GroupId && a.PolicyType == attachment.PolicyType) >= maxPerType)
            {
                return Done(Errors.Group.PolicyLimitExceeded);
            }

            _groupPolicies.Add(attachment);
            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<Result> DetachGroupPolicyAsync(string groupId, string policyName, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_groupPolicies.RemoveAll(a => a.GroupId == groupId && a.PolicyName == policyName) == 0)
            {
                return Done(Errors.Group.PolicyNotAttached);
            }

            AddAudit(audit);
            return Done(Result.Success);
        }
    }

    public Task<IReadOnlyList<GroupPolicyAttachment>> ListGroupPoliciesAsync(string groupId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<GroupPolicyAttachment>>([.. _groupPolicies.Where(a => a.GroupId == groupId)]);
        }
    }

    private static Task<Result> Done(Result result) => Task.FromResult(result);

    private static Task<Result> Done(ApiError error) => Task.FromResult<Result>(error);

    private CustomPolicy? FindCustom(string accountId, string policyName) =>
        _customPolicies.FirstOrDefault(p => p.AccountId == accountId && string.Equals(p.PolicyName, policyName, StringComparison.OrdinalIgnoreCase));

    private RamGroup? FindGroup(string accountId, string groupName) =>
        _groups.FirstOrDefault(g => g.AccountId == accountId && string.Equals(g.GroupName, groupName, StringComparison.OrdinalIgnoreCase));

    private CustomPolicy WithCount(CustomPolicy policy) => policy with
    {
        AttachmentCount = _policies.Count(a => a.AccountId == policy.AccountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName)
            + _groupPolicies.Count(a => a.AccountId == policy.AccountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName)
            + _rolePolicies.Count(a => a.AccountId == policy.AccountId && a.PolicyType == "Custom" && a.PolicyName == policy.PolicyName),
    };

    private GroupMembership Membership((string GroupId, string UserId, string AccountId, DateTimeOffset JoinDate) m)
    {
        var user = _users.First(u => u.UserId == m.UserId);
        return new GroupMembership(_groups.First(g => g.GroupId == m.GroupId), user.UserId, user.UserName, user.DisplayName, m.JoinDate);
    }
}
