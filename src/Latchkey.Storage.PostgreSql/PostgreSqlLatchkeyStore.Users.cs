using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Storage.PostgreSql;

/// <summary>RAM users, login profiles and user policies: the behaviour is <see cref="SqlUserStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlUserStore? _usersStore;

    private SqlUserStore Users => _usersStore ??= new SqlUserStore(Dialect, ChangeLog);

    public Task<Result<RamUser>> AddUserAsync(RamUser user, int maxUsersPerAccount, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.AddUserAsync(user, maxUsersPerAccount, audit, cancellationToken);

    public Task<RamUser?> FindUserByNameAsync(string accountId, string userName, CancellationToken cancellationToken) =>
        Users.FindUserByNameAsync(accountId, userName, cancellationToken);

    public Task<RamUser?> FindUserByIdAsync(string accountId, string userId, CancellationToken cancellationToken) =>
        Users.FindUserByIdAsync(accountId, userId, cancellationToken);

    public Task<Result<RamUser>> UpdateUserAsync(RamUser user, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.UpdateUserAsync(user, audit, cancellationToken);

    public Task<Result> DeleteUserAsync(string accountId, string userId, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.DeleteUserAsync(accountId, userId, audit, cancellationToken);

    public Task<Result<Page<RamUser>>> ListUsersAsync(string accountId, string? marker, int maxItems, CancellationToken cancellationToken) =>
        Users.ListUsersAsync(accountId, marker, maxItems, cancellationToken);

    public Task<int> CountUsersAsync(string accountId, CancellationToken cancellationToken) =>
        Users.CountUsersAsync(accountId, cancellationToken);

    public Task<LoginProfile?> FindLoginProfileAsync(string userId, CancellationToken cancellationToken) =>
        Users.FindLoginProfileAsync(userId, cancellationToken);

    public Task<Result> AddLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.AddLoginProfileAsync(profile, audit, cancellationToken);

    public Task<Result> UpdateLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.UpdateLoginProfileAsync(profile, audit, cancellationToken);

    public Task<Result> DeleteLoginProfileAsync(string userId, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.DeleteLoginProfileAsync(userId, audit, cancellationToken);

    public Task RecordUserLoginAsync(string userId, DateTimeOffset time, CancellationToken cancellationToken) =>
        Users.RecordUserLoginAsync(userId, time, cancellationToken);

    public Task<Result> AttachPolicyAsync(PolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.AttachPolicyAsync(attachment, maxPerType, audit, cancellationToken);

    public Task<Result> DetachPolicyAsync(string userId, string policyName, AuditEvent audit, CancellationToken cancellationToken) =>
        Users.DetachPolicyAsync(userId, policyName, audit, cancellationToken);

    public Task<IReadOnlyList<PolicyAttachment>> ListPoliciesAsync(string userId, CancellationToken cancellationToken) =>
        Users.ListPoliciesAsync(userId, cancellationToken);
}
