using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Paging;
using Latchkey.Core.Results;

namespace Latchkey.Core.Users;

/// <summary>
/// Persistence of RAM users, their login profiles and policy attachments. User names are unique
/// per account, case-insensitively. Every change is written together with its audit event.
/// </summary>
public interface IRamUserStore
{
    /// <summary>
    /// Adds the user unless the name is taken (EntityAlreadyExists.User) or the account already
    /// holds <paramref name="maxUsersPerAccount"/> users (LimitExceeded.User); atomic under
    /// concurrent adds on any number of store instances.
    /// </summary>
    Task<Result<RamUser>> AddUserAsync(RamUser user, int maxUsersPerAccount, AuditEvent audit, CancellationToken cancellationToken);

    Task<RamUser?> FindUserByNameAsync(string accountId, string userName, CancellationToken cancellationToken);

    Task<RamUser?> FindUserByIdAsync(string accountId, string userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user row; EntityAlreadyExists.User when a rename collides; EntityNotExist.User when gone.</summary>
    Task<Result<RamUser>> UpdateUserAsync(RamUser user, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the user only if nothing hangs on it, checked in the same transaction:
    /// DeleteConflict.User.AccessKey, DeleteConflict.User.LoginProfile, DeleteConflict.User.Policy,
    /// DeleteConflict.User.Group.
    /// </summary>
    Task<Result> DeleteUserAsync(string accountId, string userId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Users ordered by creation (stable); <paramref name="marker"/> is the opaque value of the previous page.</summary>
    Task<Result<Page<RamUser>>> ListUsersAsync(string accountId, string? marker, int maxItems, CancellationToken cancellationToken);

    Task<int> CountUsersAsync(string accountId, CancellationToken cancellationToken);

    Task<LoginProfile?> FindLoginProfileAsync(string userId, CancellationToken cancellationToken);

    /// <summary>EntityAlreadyExists.User.LoginProfile when one exists.</summary>
    Task<Result> AddLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.User.LoginProfile when none exists.</summary>
    Task<Result> UpdateLoginProfileAsync(LoginProfile profile, AuditEvent audit, CancellationToken cancellationToken);

    Task<Result> DeleteLoginProfileAsync(string userId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Records a successful console log on of the user.</summary>
    Task RecordUserLoginAsync(string userId, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>
    /// EntityAlreadyExists.User.Policy when already attached; LimitExceeded.User.Policy when the user
    /// holds <paramref name="maxPerType"/> policies of the attachment's type; EntityNotExist.Policy
    /// when a Custom policy is gone; EntityNotExist.User when the user is.
    /// </summary>
    Task<Result> AttachPolicyAsync(PolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.User.Policy when not attached.</summary>
    Task<Result> DetachPolicyAsync(string userId, string policyName, AuditEvent audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<PolicyAttachment>> ListPoliciesAsync(string userId, CancellationToken cancellationToken);
}
