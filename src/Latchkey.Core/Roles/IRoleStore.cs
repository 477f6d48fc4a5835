using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.Roles;

/// <summary>
/// Persistence of RAM roles and their policy attachments. Role names are unique per account,
/// case-insensitively; lookups by name ignore case. Every change is written with its audit event;
/// limits and conflicts are checked in the same transaction.
/// </summary>
public interface IRoleStore
{
    /// <summary>EntityAlreadyExists.Role, LimitExceeded.Role.</summary>
    Task<Result<RamRole>> AddRoleAsync(RamRole role, int maxRolesPerAccount, AuditEvent audit, CancellationToken cancellationToken);

    Task<RamRole?> FindRoleAsync(string accountId, string roleName, CancellationToken cancellationToken);

    Task<RamRole?> FindRoleByIdAsync(string accountId, string roleId, CancellationToken cancellationToken);

    /// <summary>Replaces description, trust policy, maximum session duration and sessions-not-before; EntityNotExist.Role when gone.</summary>
    Task<Result<RamRole>> UpdateRoleAsync(RamRole role, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Role; DeleteConflict.Role.Policy while policies are attached.</summary>
    Task<Result> DeleteRoleAsync(string accountId, string roleId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Every role of the account, oldest first.</summary>
    Task<IReadOnlyList<RamRole>> ListRolesAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>EntityAlreadyExists.Role.Policy; LimitExceeded.Role.Policy (per policy type); EntityNotExist.Role / .Policy.</summary>
    Task<Result> AttachRolePolicyAsync(RolePolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Role.Policy when not attached.</summary>
    Task<Result> DetachRolePolicyAsync(string roleId, string policyName, AuditEvent audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<RolePolicyAttachment>> ListRolePoliciesAsync(string roleId, CancellationToken cancellationToken);

    /// <summary>Records the issue of a role session (STS AssumeRole): an audit event and nothing else.</summary>
    Task RecordAssumeRoleAsync(AuditEvent audit, CancellationToken cancellationToken);
}
