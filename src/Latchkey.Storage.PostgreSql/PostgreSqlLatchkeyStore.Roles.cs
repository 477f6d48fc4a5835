using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;

namespace Latchkey.Storage.PostgreSql;

/// <summary>Roles: the behaviour is <see cref="SqlRoleStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlRoleStore? _roleStore;

    private SqlRoleStore Roles => _roleStore ??= new SqlRoleStore(Dialect);

    public Task<Result<RamRole>> AddRoleAsync(RamRole role, int maxRolesPerAccount, AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.AddRoleAsync(role, maxRolesPerAccount, audit, cancellationToken);

    public Task<RamRole?> FindRoleAsync(string accountId, string roleName, CancellationToken cancellationToken) =>
        Roles.FindRoleAsync(accountId, roleName, cancellationToken);

    public Task<RamRole?> FindRoleByIdAsync(string accountId, string roleId, CancellationToken cancellationToken) =>
        Roles.FindRoleByIdAsync(accountId, roleId, cancellationToken);

    public Task<Result<RamRole>> UpdateRoleAsync(RamRole role, AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.UpdateRoleAsync(role, audit, cancellationToken);

    public Task<Result> DeleteRoleAsync(string accountId, string roleId, AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.DeleteRoleAsync(accountId, roleId, audit, cancellationToken);

    public Task<IReadOnlyList<RamRole>> ListRolesAsync(string accountId, CancellationToken cancellationToken) =>
        Roles.ListRolesAsync(accountId, cancellationToken);

    public Task<Result> AttachRolePolicyAsync(RolePolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.AttachRolePolicyAsync(attachment, maxPerType, audit, cancellationToken);

    public Task<Result> DetachRolePolicyAsync(string roleId, string policyName, AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.DetachRolePolicyAsync(roleId, policyName, audit, cancellationToken);

    public Task<IReadOnlyList<RolePolicyAttachment>> ListRolePoliciesAsync(string roleId, CancellationToken cancellationToken) =>
        Roles.ListRolePoliciesAsync(roleId, cancellationToken);

    public Task RecordAssumeRoleAsync(AuditEvent audit, CancellationToken cancellationToken) =>
        Roles.RecordAssumeRoleAsync(audit, cancellationToken);
}
