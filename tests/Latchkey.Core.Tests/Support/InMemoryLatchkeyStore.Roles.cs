using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;

namespace Latchkey.Core.Tests.Support;

/// <summary>Roles and role attachments, under the store's one lock.</summary>
internal sealed partial class InMemoryLatchkeyStore
{
    private readonly List<RamRole> _roles = [];
    private readonly List<RolePolicyAttachment> _rolePolicies = [];

    public Task<Result<RamRole>> AddRoleAsync(RamRole role, int maxRolesPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindRole(role.AccountId, role.RoleName) is not null)
            {
                return Task.FromResult<Result<RamRole>>(Errors.Role.AlreadyExists);
            }

            if (_roles.Count(r => r.AccountId == role.AccountId) >= maxRolesPerAccount)
            {
                return Task.FromResult<Result<RamRole>>(Errors.Role.LimitExceeded);
            }

            _roles.Add(role);
            AddAudit(audit);
            return Task.FromResult<Result<RamRole>>(role);
        }
    }

    public Task<RamRole?> FindRoleAsync(string accountId, string roleName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(FindRole(accountId, roleName));
        }
    }

    public Task<RamRole?> FindRoleByIdAsync(string accountId, string roleId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_roles.FirstOrDefault(r => r.AccountId == accountId && r.RoleId == roleId));
        }
    }

    public Task<Result<RamRole>> UpdateRoleAsync(RamRole role, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _roles.FindIndex(r => r.AccountId == role.AccountId && r.RoleId == role.RoleId);
            if (index < 0)
            {
                return Task.FromResult<Result<RamRole>>(Errors.Role.NotFound);
            }

            _roles[index] = role;
            AddAudit(audit);
            return Task.FromResult<Result<RamRole>>(role);
        }
    }

    public Task<Result> DeleteRoleAsync(string accountId, string roleId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_roles.Any(r => r.AccountId == accountId && r.RoleId == roleId))
            {
                return Task.FromResult<Result>(Errors.Role.NotFound);
            }

            if (_rolePolicies.Any(a => a.RoleId == roleId))
            {
                return Task.FromResult<Result>(Errors.Role.DeleteConflictPolicy);
            }

            _roles.RemoveAll(r => r.RoleId == roleId);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<IReadOnlyList<RamRole>> ListRolesAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RamRole>>([.. _roles.Where(r => r.AccountId == accountId).OrderBy(r => r.CreateDate).ThenBy(r => r.RoleId, StringComparer.Ordinal)]);
        }
    }

    public Task<Result> AttachRolePolicyAsync(RolePolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_roles.Any(r => r.RoleId == attachment.RoleId && r.AccountId == attachment.AccountId))
            {
                return Task.FromResult<Result>(Errors.Role.NotFound);
            }

            if (attachment.PolicyType == "Custom" && FindCustom(attachment.AccountId, attachment.PolicyName) is null)
            {
                return Task.FromResult<Result>(Errors.Policy.NotFound);
            }

            if (_rolePolicies.Any(a => a.RoleId == attachment.RoleId && a.PolicyName == attachment.PolicyName))
            {
                return Task.FromResult<Result>(Errors.Role.PolicyAlreadyAttached);
            }

            if (_rolePolicies.Count(a => a.RoleId == attachment.RoleId && a.PolicyType == attachment.PolicyType) >= maxPerType)
            {
                return Task.FromResult<Result>(Errors.Role.PolicyLimitExceeded);
            }

            _rolePolicies.Add(attachment);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> DetachRolePolicyAsync(string roleId, string policyName, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rolePolicies.RemoveAll(a => a.RoleId == roleId && a.PolicyName == policyName) == 0)
            {
                return Task.FromResult<Result>(Errors.Role.PolicyNotAttached);
            }

            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<IReadOnlyList<RolePolicyAttachment>> ListRolePoliciesAsync(string roleId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RolePolicyAttachment>>([.. _rolePolicies.Where(a => a.RoleId == roleId).OrderBy(a => a.AttachDate)]);
        }
    }

    public Task RecordAssumeRoleAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            AddAudit(audit);
            return Task.CompletedTask;
        }
    }

    private RamRole? FindRole(string accountId, string roleName) =>
        _roles.FirstOrDefault(r => r.AccountId == accountId && string.Equals(r.RoleName, roleName, StringComparison.OrdinalIgnoreCase));
}
