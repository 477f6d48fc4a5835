using Latchkey.Core.Audit;
using Latchkey.Core.Groups;
using Latchkey.Core.Policies;
using Latchkey.Core.Results;

namespace Latchkey.Storage.Sqlite;

/// <summary>Policies and groups: the behaviour is <see cref="SqlPolicyStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
    private SqlPolicyStore? _policyStore;

    private SqlPolicyStore Policies => _policyStore ??= new SqlPolicyStore(Dialect);

    public Task<Result<CustomPolicy>> AddPolicyAsync(CustomPolicy policy, string document, int maxPoliciesPerAccount, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.AddPolicyAsync(policy, document, maxPoliciesPerAccount, audit, cancellationToken);

    public Task<CustomPolicy?> FindPolicyAsync(string accountId, string policyName, CancellationToken cancellationToken) =>
        Policies.FindPolicyAsync(accountId, policyName, cancellationToken);

    public Task<IReadOnlyList<CustomPolicy>> ListCustomPoliciesAsync(string accountId, CancellationToken cancellationToken) =>
        Policies.ListCustomPoliciesAsync(accountId, cancellationToken);

    public Task<Result<CustomPolicy>> UpdatePolicyDescriptionAsync(string accountId, string policyName, string description, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.UpdatePolicyDescriptionAsync(accountId, policyName, description, updateDate, audit, cancellationToken);

    public Task<Result> DeletePolicyAsync(string accountId, string policyName, bool cascade, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.DeletePolicyAsync(accountId, policyName, cascade, audit, cancellationToken);

    public Task<Result<PolicyVersion>> AddPolicyVersionAsync(string accountId, string policyName, string document, bool setAsDefault, PolicyVersionRotation rotation, int maxVersions, DateTimeOffset createDate, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.AddPolicyVersionAsync(accountId, policyName, document, setAsDefault, rotation, maxVersions, createDate, audit, cancellationToken);

    public Task<IReadOnlyList<PolicyVersion>> ListPolicyVersionsAsync(string accountId, string policyName, CancellationToken cancellationToken) =>
        Policies.ListPolicyVersionsAsync(accountId, policyName, cancellationToken);

    public Task<Result> DeletePolicyVersionAsync(string accountId, string policyName, string versionId, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.DeletePolicyVersionAsync(accountId, policyName, versionId, audit, cancellationToken);

    public Task<Result> SetDefaultPolicyVersionAsync(string accountId, string policyName, string versionId, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.SetDefaultPolicyVersionAsync(accountId, policyName, versionId, updateDate, audit, cancellationToken);

    public Task<PolicyEntities> ListEntitiesForPolicyAsync(string accountId, string policyName, string policyType, CancellationToken cancellationToken) =>
        Policies.ListEntitiesForPolicyAsync(accountId, policyName, policyType, cancellationToken);

    public Task<Result<RamGroup>> AddGroupAsync(RamGroup group, int maxGroupsPerAccount, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.AddGroupAsync(group, maxGroupsPerAccount, audit, cancellationToken);

    public Task<RamGroup?> FindGroupAsync(string accountId, string groupName, CancellationToken cancellationToken) =>
        Policies.FindGroupAsync(accountId, groupName, cancellationToken);

    public Task<Result<RamGroup>> UpdateGroupAsync(RamGroup group, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.UpdateGroupAsync(group, audit, cancellationToken);

    public Task<Result> DeleteGroupAsync(string accountId, string groupId, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.DeleteGroupAsync(accountId, groupId, audit, cancellationToken);

    public Task<IReadOnlyList<RamGroup>> ListGroupsAsync(string accountId, CancellationToken cancellationToken) =>
        Policies.ListGroupsAsync(accountId, cancellationToken);

    public Task<Result> AddUserToGroupAsync(string accountId, string groupId, string userId, DateTimeOffset joinDate, int maxGroupsPerUser, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.AddUserToGroupAsync(accountId, groupId, userId, joinDate, maxGroupsPerUser, audit, cancellationToken);

    public Task<Result> RemoveUserFromGroupAsync(string groupId, string userId, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.RemoveUserFromGroupAsync(groupId, userId, audit, cancellationToken);

    public Task<IReadOnlyList<GroupMembership>> ListGroupsForUserAsync(string accountId, string userId, CancellationToken cancellationToken) =>
        Policies.ListGroupsForUserAsync(accountId, userId, cancellationToken);

    public Task<IReadOnlyList<GroupMembership>> ListUsersForGroupAsync(string accountId, string groupId, CancellationToken cancellationToken) =>
        Policies.ListUsersForGroupAsync(accountId, groupId, cancellationToken);

    public Task<Result> AttachGroupPolicyAsync(GroupPolicyAttachment attachment, int maxPerType, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.AttachGroupPolicyAsync(attachment, maxPerType, audit, cancellationToken);

    public Task<Result> DetachGroupPolicyAsync(string groupId, string policyName, AuditEvent audit, CancellationToken cancellationToken) =>
        Policies.DetachGroupPolicyAsync(groupId, policyName, audit, cancellationToken);

    public Task<IReadOnlyList<GroupPolicyAttachment>> ListGroupPoliciesAsync(string groupId, CancellationToken cancellationToken) =>
        Policies.ListGroupPoliciesAsync(groupId, cancellationToken);
}
