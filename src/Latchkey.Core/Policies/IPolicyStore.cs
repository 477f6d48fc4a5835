using Latchkey.Core.Audit;
using Latchkey.Core.Groups;
using Latchkey.Core.Results;

namespace Latchkey.Core.Policies;

/// <summary>
/// Persistence of custom policies, their versions, groups, memberships and group attachments
/// (user attachments live in <see cref="Users.IRamUserStore"/>). Policy and group names are
/// unique per account, case-insensitively; lookups by name ignore case. Every change is written
/// together with its audit event; every limit and conflict is checked in the same transaction.
/// </summary>
public interface IPolicyStore
{
    /// <summary>Adds the policy with <paramref name="document"/> as its default version v1; EntityAlreadyExists.Policy, LimitExceeded.Policy.</summary>
    Task<Result<CustomPolicy>> AddPolicyAsync(CustomPolicy policy, string document, int maxPoliciesPerAccount, AuditEvent audit, CancellationToken cancellationToken);

    Task<CustomPolicy?> FindPolicyAsync(string accountId, string policyName, CancellationToken cancellationToken);

    /// <summary>Every custom policy of the account, oldest first.</summary>
    Task<IReadOnlyList<CustomPolicy>> ListCustomPoliciesAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Policy when gone.</summary>
    Task<Result<CustomPolicy>> UpdatePolicyDescriptionAsync(string accountId, string policyName, string description, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// EntityNotExist.Policy; DeleteConflict.Policy.User / .Group while attached; DeleteConflict.Policy.Version
    /// while non-default versions exist unless <paramref name="cascade"/>, which deletes them.
    /// </summary>
    Task<Result> DeletePolicyAsync(string accountId, string policyName, bool cascade, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the next version (v&lt;n+1&gt;, numbers never reused). At <paramref name="maxVersions"/> versions:
    /// LimitExceeded.Policy.Version, or with <see cref="PolicyVersionRotation.DeleteOldestNonDefaultVersionWhenLimitExceeded"/>
    /// the oldest non-default version is deleted first.
    /// </summary>
    Task<Result<PolicyVersion>> AddPolicyVersionAsync(string accountId, string policyName, string document, bool setAsDefault, PolicyVersionRotation rotation, int maxVersions, DateTimeOffset createDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Versions oldest first; empty when the policy does not exist.</summary>
    Task<IReadOnlyList<PolicyVersion>> ListPolicyVersionsAsync(string accountId, string policyName, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Policy(.Version); DeleteConflict.Policy.Version.Default for the default version.</summary>
    Task<Result> DeletePolicyVersionAsync(string accountId, string policyName, string versionId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Policy(.Version).</summary>
    Task<Result> SetDefaultPolicyVersionAsync(string accountId, string policyName, string versionId, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Users and groups of the account the policy (by canonical name and type) is attached to.</summary>
    Task<PolicyEntities> ListEntitiesForPolicyAsync(string accountId, string policyName, string policyType, CancellationToken cancellationToken);

    /// <summary>EntityAlreadyExists.Group, LimitExceeded.Group.</summary>
    Task<Result<RamGroup>> AddGroupAsync(RamGroup group, int maxGroupsPerAccount, AuditEvent audit, CancellationToken cancellationToken);

    Task<RamGroup?> FindGroupAsync(string accountId, string groupName, CancellationToken cancellationToken);

    /// <summary>Replaces name and comments; EntityAlreadyExists.Group on a taken name, EntityNotExist.Group when gone.</summary>
    Task<Result<RamGroup>> UpdateGroupAsync(RamGroup group, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Group; DeleteConflict.Group.User with members; DeleteConflict.Group.Policy with policies.</summary>
    Task<Result> DeleteGroupAsync(string accountId, string groupId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Every group of the account, oldest first.</summary>
    Task<IReadOnlyList<RamGroup>> ListGroupsAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>EntityAlreadyExists.User.Group; LimitExceeded.User.Group; EntityNotExist.User/.Group when either is gone.</summary>
    Task<Result> AddUserToGroupAsync(string accountId, string groupId, string userId, DateTimeOffset joinDate, int maxGroupsPerUser, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.User.Group when not a member.</summary>
    Task<Result> RemoveUserFromGroupAsync(string groupId, string userId, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>The groups a user is in, by join date.</summary>
    Task<IReadOnlyList<GroupMembership>> ListGroupsForUserAsync(string accountId, string userId, CancellationToken cancellationToken);

    /// <summary>The members of a group, by join date.</summary>
    Task<IReadOnlyList<GroupMembership>> ListUsersForGroupAsync(string accountId, string groupId, CancellationToken cancellationToken);

    /// <summary>EntityAlreadyExists.Group.Policy; LimitExceeded.Group.Policy (per policy type); EntityNotExist.Group / .Policy.</summary>
    Task<Result> AttachGroupPolicyAsync(GroupPolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>EntityNotExist.Group.Policy when not attached.</summary>
    Task<Result> DetachGroupPolicyAsync(string groupId, string policyName, AuditEvent audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupPolicyAttachment>> ListGroupPoliciesAsync(string groupId, CancellationToken cancellationToken);
}
