using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Storage.Sqlite;

/// <summary>Account settings, password history and MFA devices: the behaviour is <see cref="SqlLogonSecurityStore"/>, shared with the other provider.</summary>
public sealed partial class SqliteLatchkeyStore
{
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
}
