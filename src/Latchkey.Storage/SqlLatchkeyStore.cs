using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Cluster;
using Latchkey.Core.Groups;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Paging;
using Latchkey.Core.Policies;
using Latchkey.Core.Reports;
using Latchkey.Core.Results;
using Latchkey.Core.Roles;
using Latchkey.Core.Secrets;
using Latchkey.Core.Users;

namespace Latchkey.Storage;

/// <summary>
/// Every store port of <c>ILatchkeyStore</c> that is the same on both databases, implemented once:
/// each method forwards to the shared <c>Sql*Store</c> of its family, built on first use over the
/// provider's <see cref="Dialect"/>. A provider derives from it and adds its connection setup, its
/// dialect, its migrations and (SQLite) its own request-path reads, by overriding
/// <see cref="FindAccessKeyAsync"/> and <see cref="ListAccessKeysAsync"/>.
/// </summary>
public abstract class SqlLatchkeyStore : IAccountStore, IRamUserStore, IAccessKeyStore, IAuditStore, ILogonThrottleStore, ILogonSettingsStore,
    IMfaDeviceStore, IPolicyStore, IRoleStore, IAccessKeyChangeLog, IClusterNodeStore, IMasterKeyCheckStore,
    IAccessKeyGuardStore, IAccessKeyUsageStore, IAccessKeyRecycleBinStore, IJobLeaseStore, IIdleAccessKeyStore, ICredentialReportStore, IAccessKeyRotationStore
{
    /// <summary>What differs between the databases; read on the first store call.</summary>
    protected abstract IPolicySqlDialect Dialect { get; }

    // Accounts

    private SqlAccountStore? _accountsStore;

    private SqlAccountStore Accounts => _accountsStore ??= new SqlAccountStore(Dialect);

    public Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.AddAccountAsync(account, audit, cancellationToken);

    public Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.AddFirstAccountAsync(account, audit, cancellationToken);

    public Task<bool> AnyAccountAsync(CancellationToken cancellationToken) =>
        Accounts.AnyAccountAsync(cancellationToken);

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        Accounts.FindAccountAsync(accountId, cancellationToken);

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken) =>
        Accounts.FindAccountByNameAsync(accountName, cancellationToken);

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken) =>
        Accounts.FindAccountByAliasAsync(accountAlias, cancellationToken);

    public Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.UpdateAccountAsync(account, audit, cancellationToken);

    // RAM users, login profiles, user policies

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

    // AccessKeys

    private SqlAccessKeyStore? _accessKeysStore;

    private SqlAccessKeyStore AccessKeys => _accessKeysStore ??= new SqlAccessKeyStore(Dialect, ChangeLog);

    public Task<Result> AddAccessKeyAsync(StoredAccessKey key, int limit, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.AddAccessKeyAsync(key, limit, audit, cancellationToken);

    public virtual Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        AccessKeys.FindAccessKeyAsync(accessKeyId, cancellationToken);

    public virtual Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        AccessKeys.ListAccessKeysAsync(accountId, userId, cancellationToken);

    public Task<Result> UpdateAccessKeyStatusAsync(string accessKeyId, AccessKeyStatus status, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.UpdateAccessKeyStatusAsync(accessKeyId, status, updateDate, audit, cancellationToken);

    public Task<Result> DeleteAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        AccessKeys.DeleteAccessKeyAsync(accessKeyId, audit, cancellationToken);

    public Task RecordLastUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyLastUse>> uses, CancellationToken cancellationToken) =>
        AccessKeys.RecordLastUseAsync(uses, cancellationToken);

    public IAsyncEnumerable<StoredAccessKey> ListAllAccessKeysAsync(CancellationToken cancellationToken) =>
        AccessKeys.ListAllAccessKeysAsync(cancellationToken);

    public IAsyncEnumerable<string> ListAllAccessKeyIdsAsync(CancellationToken cancellationToken) =>
        AccessKeys.ListAllAccessKeyIdsAsync(cancellationToken);

    public Task ReplaceSecretAsync(string accessKeyId, ProtectedSecret secret, CancellationToken cancellationToken) =>
        AccessKeys.ReplaceSecretAsync(accessKeyId, secret, cancellationToken);

    // The recycle bin

    private SqlRecycleBinStore? _recycleBinStore;

    private SqlRecycleBinStore RecycleBin => _recycleBinStore ??= new SqlRecycleBinStore(Dialect, ChangeLog);

    public Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.RecycleAccessKeyAsync(accessKeyId, recycleDate, purgeDate, audit, cancellationToken);

    public Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        RecycleBin.FindRecycledAccessKeyAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        RecycleBin.ListRecycledAccessKeysAsync(accountId, userId, cancellationToken);

    public Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.RestoreAccessKeyAsync(accessKeyId, limit, updateDate, audit, cancellationToken);

    public Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        RecycleBin.DeleteRecycledAccessKeyAsync(accessKeyId, audit, cancellationToken);

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        RecycleBin.ListRecycledAccessKeysDueAsync(now, limit, cancellationToken);

    // The key guard and usage counters

    private SqlKeyGuardStore? _keyGuardStore;

    private SqlKeyGuardStore KeyGuard => _keyGuardStore ??= new SqlKeyGuardStore(Dialect, ChangeLog);

    public Task<AccessKeyGuard?> FindAccessKeyGuardAsync(string accessKeyId, CancellationToken cancellationToken) =>
        KeyGuard.FindAccessKeyGuardAsync(accessKeyId, cancellationToken);

    public Task<Result> SetAccessKeyNetworkPolicyAsync(string accessKeyId, string? document, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyGuard.SetAccessKeyNetworkPolicyAsync(accessKeyId, document, audit, cancellationToken);

    public Task<Result> MarkAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyGuard.MarkAccessKeyCanaryAsync(accessKeyId, audit, cancellationToken);

    public Task<bool> TripAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyGuard.TripAccessKeyCanaryAsync(accessKeyId, audit, cancellationToken);

    public Task<Result> RecordLeakReportAsync(LeakReport report, AuditEvent audit, CancellationToken cancellationToken) =>
        KeyGuard.RecordLeakReportAsync(report, audit, cancellationToken);

    public Task<IReadOnlyList<LeakReport>> ListLeakReportsAsync(string accountId, CancellationToken cancellationToken) =>
        KeyGuard.ListLeakReportsAsync(accountId, cancellationToken);

    public Task RecordAccessKeyUsageAsync(IReadOnlyCollection<AccessKeyUsageHour> hours, IReadOnlyCollection<AccessKeyUsageSource> sources, CancellationToken cancellationToken) =>
        KeyGuard.RecordAccessKeyUsageAsync(hours, sources, cancellationToken);

    public Task<IReadOnlyList<AccessKeyUsageHour>> ReadAccessKeyUsageAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken) =>
        KeyGuard.ReadAccessKeyUsageAsync(accessKeyId, since, cancellationToken);

    public Task<IReadOnlyList<AccessKeyUsageSource>> ReadAccessKeyUsageSourcesAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken) =>
        KeyGuard.ReadAccessKeyUsageSourcesAsync(accessKeyId, since, cancellationToken);

    public Task<int> PruneAccessKeyUsageAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        KeyGuard.PruneAccessKeyUsageAsync(before, cancellationToken);

    // The change log and the cluster nodes

    private SqlChangeLogStore? _changeLogStore;

    private SqlChangeLogStore ChangeLog => _changeLogStore ??= new SqlChangeLogStore(Dialect);

    public Task<long> GetLatestAccessKeyChangeAsync(CancellationToken cancellationToken) =>
        ChangeLog.GetLatestAccessKeyChangeAsync(cancellationToken);

    public Task AppendChangeAsync(string subject, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        ChangeLog.AppendChangeAsync(subject, changedAt, cancellationToken);

    public Task<IReadOnlyList<AccessKeyChange>> ReadAccessKeyChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        ChangeLog.ReadAccessKeyChangesAsync(afterSequence, limit, cancellationToken);

    public Task<int> PruneAccessKeyChangesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        ChangeLog.PruneAccessKeyChangesAsync(before, cancellationToken);

    public Task RegisterNodeAsync(ClusterNode node, CancellationToken cancellationToken) =>
        ChangeLog.RegisterNodeAsync(node, cancellationToken);

    public Task<bool> HeartbeatNodeAsync(string nodeId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeLog.HeartbeatNodeAsync(nodeId, now, cancellationToken);

    public Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        ChangeLog.ListNodesAsync(cancellationToken);

    public Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken) =>
        ChangeLog.RemoveNodeAsync(nodeId, cancellationToken);

    // Idle AccessKeys

    private SqlIdleAccessKeyStore? _idleKeysStore;

    private SqlIdleAccessKeyStore IdleKeys => _idleKeysStore ??= new SqlIdleAccessKeyStore(Dialect);

    public Task<IReadOnlyList<AccessKey>> ListAccountAccessKeysAsync(string accountId, CancellationToken cancellationToken) =>
        IdleKeys.ListAccountAccessKeysAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<IdleAccessKeyWarning>> ListIdleAccessKeyWarningsAsync(string? accountId, CancellationToken cancellationToken) =>
        IdleKeys.ListIdleAccessKeyWarningsAsync(accountId, cancellationToken);

    public Task<bool> RecordIdleAccessKeyWarningAsync(IdleAccessKeyWarning warning, AuditEvent audit, CancellationToken cancellationToken) =>
        IdleKeys.RecordIdleAccessKeyWarningAsync(warning, audit, cancellationToken);

    // Credential reports

    private SqlCredentialReportStore? _credentialReportsStore;

    private SqlCredentialReportStore CredentialReports => _credentialReportsStore ??= new SqlCredentialReportStore(Dialect);

    public Task SaveCredentialReportAsync(CredentialReport report, AuditEvent audit, CancellationToken cancellationToken) =>
        CredentialReports.SaveCredentialReportAsync(report, audit, cancellationToken);

    public Task<CredentialReport?> FindCredentialReportAsync(string accountId, CancellationToken cancellationToken) =>
        CredentialReports.FindCredentialReportAsync(accountId, cancellationToken);

    // Job leases

    private SqlJobLeaseStore? _jobLeasesStore;

    private SqlJobLeaseStore JobLeases => _jobLeasesStore ??= new SqlJobLeaseStore(Dialect);

    public Task<bool> TryAcquireJobLeaseAsync(string jobName, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, DateTimeOffset dueIfCompletedBy, CancellationToken cancellationToken) =>
        JobLeases.TryAcquireJobLeaseAsync(jobName, holder, now, leaseUntil, dueIfCompletedBy, cancellationToken);

    public Task CompleteJobAsync(string jobName, string holder, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        JobLeases.CompleteJobAsync(jobName, holder, completedAt, cancellationToken);

    public Task<DateTimeOffset?> GetJobLastCompletedAsync(string jobName, CancellationToken cancellationToken) =>
        JobLeases.GetJobLastCompletedAsync(jobName, cancellationToken);

    // Audit listing

    private SqlAuditStore? _auditStore;

    private SqlAuditStore Audit => _auditStore ??= new SqlAuditStore(Dialect);

    public Task<Result<Page<AuditEvent>>> ListAuditEventsAsync(string? accountId, string? marker, int maxItems, CancellationToken cancellationToken) =>
        Audit.ListAuditEventsAsync(accountId, marker, maxItems, cancellationToken);

    // Console logon throttles

    private SqlLogonThrottleStore? _logonThrottlesStore;

    private SqlLogonThrottleStore LogonThrottles => _logonThrottlesStore ??= new SqlLogonThrottleStore(Dialect);

    public Task<LogonThrottle> RecordLogonFailureAsync(string logonKey, DateTimeOffset now, LogonThrottleRule rule, CancellationToken cancellationToken) =>
        LogonThrottles.RecordLogonFailureAsync(logonKey, now, rule, cancellationToken);

    public Task<LogonThrottle?> FindLogonThrottleAsync(string logonKey, CancellationToken cancellationToken) =>
        LogonThrottles.FindLogonThrottleAsync(logonKey, cancellationToken);

    public Task ResetLogonFailuresAsync(string logonKey, CancellationToken cancellationToken) =>
        LogonThrottles.ResetLogonFailuresAsync(logonKey, cancellationToken);

    // Account settings, password history, MFA devices

    private SqlLogonSecurityStore? _logonSecurityStore;

    private SqlLogonSecurityStore LogonSecurity => _logonSecurityStore ??= new SqlLogonSecurityStore(Dialect);

    public Task<string?> FindAccountSettingAsync(string accountId, string name, CancellationToken cancellationToken) =>
        LogonSecurity.FindAccountSettingAsync(accountId, name, cancellationToken);

    public Task SetAccountSettingAsync(string accountId, string name, string value, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.SetAccountSettingAsync(accountId, name, value, updateDate, audit, cancellationToken);

    public Task<Result> SetSecurityPreferenceAsync(string accountId, string name, string value, bool? allowUsersToManageOwnAccessKeys, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.SetSecurityPreferenceAsync(accountId, name, value, allowUsersToManageOwnAccessKeys, updateDate, audit, cancellationToken);

    public Task AddPasswordHistoryAsync(string principalId, PasswordHistoryEntry entry, int keep, CancellationToken cancellationToken) =>
        LogonSecurity.AddPasswordHistoryAsync(principalId, entry, keep, cancellationToken);

    public Task<IReadOnlyList<PasswordHistoryEntry>> ListPasswordHistoryAsync(string principalId, int count, CancellationToken cancellationToken) =>
        LogonSecurity.ListPasswordHistoryAsync(principalId, count, cancellationToken);

    public Task<Result> AddMfaDeviceAsync(MfaDevice device, int maxPerAccount, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.AddMfaDeviceAsync(device, maxPerAccount, audit, cancellationToken);

    public Task<MfaDevice?> FindMfaDeviceAsync(string accountId, string serialNumber, CancellationToken cancellationToken) =>
        LogonSecurity.FindMfaDeviceAsync(accountId, serialNumber, cancellationToken);

    public Task<MfaDevice?> FindBoundMfaDeviceAsync(string accountId, string principalId, CancellationToken cancellationToken) =>
        LogonSecurity.FindBoundMfaDeviceAsync(accountId, principalId, cancellationToken);

    public Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string accountId, CancellationToken cancellationToken) =>
        LogonSecurity.ListMfaDevicesAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<MfaDevice>> ListAllMfaDevicesAsync(CancellationToken cancellationToken) =>
        LogonSecurity.ListAllMfaDevicesAsync(cancellationToken);

    public Task ReplaceMfaSeedAsync(string accountId, string serialNumber, ProtectedSecret seed, CancellationToken cancellationToken) =>
        LogonSecurity.ReplaceMfaSeedAsync(accountId, serialNumber, seed, cancellationToken);

    public Task<Result> BindMfaDeviceAsync(string accountId, string serialNumber, string principalId, DateTimeOffset activateDate, long lastStep, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.BindMfaDeviceAsync(accountId, serialNumber, principalId, activateDate, lastStep, audit, cancellationToken);

    public Task<Result<string>> UnbindMfaDeviceAsync(string accountId, string principalId, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.UnbindMfaDeviceAsync(accountId, principalId, audit, cancellationToken);

    public Task<Result> DeleteMfaDeviceAsync(string accountId, string serialNumber, AuditEvent audit, CancellationToken cancellationToken) =>
        LogonSecurity.DeleteMfaDeviceAsync(accountId, serialNumber, audit, cancellationToken);

    public Task<bool> AdvanceMfaStepAsync(string accountId, string serialNumber, long usedStep, CancellationToken cancellationToken) =>
        LogonSecurity.AdvanceMfaStepAsync(accountId, serialNumber, usedStep, cancellationToken);

    // Policies, versions and groups

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

    // Roles

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

    // Master key checks

    private SqlMasterKeyStore? _masterKeyStore;

    private SqlMasterKeyStore MasterKeys => _masterKeyStore ??= new SqlMasterKeyStore(Dialect, SqlColumns.AccessKey);

    public Task<IReadOnlyDictionary<int, byte[]>> ListMasterKeyChecksAsync(CancellationToken cancellationToken) =>
        MasterKeys.ListMasterKeyChecksAsync(cancellationToken);

    public Task AddMasterKeyCheckAsync(int keyVersion, byte[] check, CancellationToken cancellationToken) =>
        MasterKeys.AddMasterKeyCheckAsync(keyVersion, check, cancellationToken);

    public Task RemoveMasterKeyCheckAsync(int keyVersion, CancellationToken cancellationToken) =>
        MasterKeys.RemoveMasterKeyCheckAsync(keyVersion, cancellationToken);

    public Task<IReadOnlyDictionary<int, long>> CountAccessKeysByKeyVersionAsync(CancellationToken cancellationToken) =>
        MasterKeys.CountAccessKeysByKeyVersionAsync(cancellationToken);

    public Task<StoredAccessKey?> FindAccessKeyByKeyVersionAsync(int keyVersion, CancellationToken cancellationToken) =>
        MasterKeys.FindAccessKeyByKeyVersionAsync(keyVersion, cancellationToken);

    public IAsyncEnumerable<StoredAccessKey> ListAccessKeysBySecretFormatAsync(int format, CancellationToken cancellationToken) =>
        MasterKeys.ListAccessKeysBySecretFormatAsync(format, cancellationToken);

    // AccessKey rotations

    private SqlAccessKeyRotationStore? _rotationStore;

    private SqlAccessKeyRotationStore Rotations => _rotationStore ??= new SqlAccessKeyRotationStore(Dialect);

    public Task<Result> AddAccessKeyRotationAsync(AccessKeyRotation rotation, AuditEvent audit, CancellationToken cancellationToken) =>
        Rotations.AddAccessKeyRotationAsync(rotation, audit, cancellationToken);

    public Task<AccessKeyRotation?> FindAccessKeyRotationAsync(string rotationId, CancellationToken cancellationToken) =>
        Rotations.FindAccessKeyRotationAsync(rotationId, cancellationToken);

    public Task<AccessKeyRotation?> FindOpenAccessKeyRotationAsync(string accessKeyId, CancellationToken cancellationToken) =>
        Rotations.FindOpenAccessKeyRotationAsync(accessKeyId, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRotation>> ListAccessKeyRotationsAsync(string accountId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Rotations.ListAccessKeyRotationsAsync(accountId, since, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRotation>> ListOpenAccessKeyRotationsAsync(int limit, CancellationToken cancellationToken) =>
        Rotations.ListOpenAccessKeyRotationsAsync(limit, cancellationToken);

    public Task<bool> UpdateAccessKeyRotationAsync(AccessKeyRotation rotation, AccessKeyRotationState expected, AuditEvent? audit, CancellationToken cancellationToken) =>
        Rotations.UpdateAccessKeyRotationAsync(rotation, expected, audit, cancellationToken);

    public Task<int> DeleteFinishedAccessKeyRotationsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        Rotations.DeleteFinishedAccessKeyRotationsAsync(before, cancellationToken);
}
