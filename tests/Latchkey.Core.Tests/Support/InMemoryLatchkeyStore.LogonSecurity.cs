using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<(string, string), string> _settings = [];
    private readonly Dictionary<string, List<PasswordHistoryEntry>> _history = new(StringComparer.Ordinal);
    private readonly List<MfaDevice> _devices = [];

    public Task<string?> FindAccountSettingAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_settings.GetValueOrDefault((accountId, name)));
        }
    }

    public Task SetAccountSettingAsync(string accountId, string name, string value, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _settings[(accountId, name)] = value;
            AddAudit(audit);
            return Task.CompletedTask;
        }
    }

    public Task<Result> SetSecurityPreferenceAsync(string accountId, string name, string value, bool? allowUsersToManageOwnAccessKeys, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (allowUsersToManageOwnAccessKeys is { } allow)
            {
                if (!_accounts.TryGetValue(accountId, out var account))
                {
                    return Task.FromResult<Result>(Errors.Account.NotFound);
                }

                _accounts[accountId] = account with { AllowUsersToManageOwnAccessKeys = allow, UpdateDate = updateDate };
            }

            _settings[(accountId, name)] = value;
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task AddPasswordHistoryAsync(string principalId, PasswordHistoryEntry entry, int keep, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var list = _history.TryGetValue(principalId, out var found) ? found : _history[principalId] = [];
            list.Insert(0, entry);
            if (list.Count > keep)
            {
                list.RemoveRange(keep, list.Count - keep);
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<PasswordHistoryEntry>> ListPasswordHistoryAsync(string principalId, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<PasswordHistoryEntry> list = _history.TryGetValue(principalId, out var found) ? [.. found.Take(count)] : [];
            return Task.FromResult(list);
        }
    }

    public Task<Result> AddMfaDeviceAsync(MfaDevice device, int maxPerAccount, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_devices.Any(d => d.AccountId == device.AccountId && (d.SerialNumber == device.SerialNumber || string.Equals(d.DeviceName, device.DeviceName, StringComparison.OrdinalIgnoreCase))))
            {
                return Task.FromResult<Result>(Errors.Mfa.AlreadyExists);
            }

            if (_devices.Count(d => d.AccountId == device.AccountId) >= maxPerAccount)
            {
                return Task.FromResult<Result>(Errors.Mfa.LimitExceeded);
            }

            _devices.Add(device);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<MfaDevice?> FindMfaDeviceAsync(string accountId, string serialNumber, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_devices.FirstOrDefault(d => d.AccountId == accountId && d.SerialNumber == serialNumber));
        }
    }

    public Task<MfaDevice?> FindBoundMfaDeviceAsync(string accountId, string principalId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_devices.FirstOrDefault(d => d.AccountId == accountId && d.PrincipalId == principalId));
        }
    }

    public Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<MfaDevice> list = [.. _devices.Where(d => d.AccountId == accountId)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<MfaDevice>> ListAllMfaDevicesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MfaDevice>>([.. _devices.OrderBy(d => d.AccountId, StringComparer.Ordinal).ThenBy(d => d.SerialNumber, StringComparer.Ordinal)]);
        }
    }

    public Task ReplaceMfaSeedAsync(string accountId, string serialNumber, ProtectedSecret seed, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _devices.FindIndex(d => d.AccountId == accountId && d.SerialNumber == serialNumber);
            if (index >= 0)
            {
                _devices[index] = _devices[index] with { Seed = seed };
            }

            return Task.CompletedTask;
        }
    }

    public Task<Result> BindMfaDeviceAsync(string accountId, string serialNumber, string principalId, DateTimeOffset activateDate, long lastStep, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_devices.Any(d => d.AccountId == accountId && d.PrincipalId == principalId))
            {
                return Task.FromResult<Result>(Errors.Mfa.UserHasDevice);
            }

            var index = _devices.FindIndex(d => d.AccountId == accountId && d.SerialNumber == serialNumber);
            if (index < 0)
            {
                return Task.FromResult<Result>(Errors.Mfa.NotFound);
            }

            if (_devices[index].IsBound)
            {
                return Task.FromResult<Result>(Errors.Mfa.DeviceBound);
            }

            _devices[index] = _devices[index] with { PrincipalId = principalId, ActivateDate = activateDate, LastStep = Math.Max(_devices[index].LastStep, lastStep) };
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result<string>> UnbindMfaDeviceAsync(string accountId, string principalId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _devices.FindIndex(d => d.AccountId == accountId && d.PrincipalId == principalId);
            if (index < 0)
            {
                return Task.FromResult<Result<string>>(Errors.Mfa.UserHasNoDevice);
            }

            _devices[index] = _devices[index] with { PrincipalId = null, ActivateDate = null };
            AddAudit(audit);
            return Task.FromResult<Result<string>>(_devices[index].SerialNumber);
        }
    }

    public Task<Result> DeleteMfaDeviceAsync(string accountId, string serialNumber, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _devices.FindIndex(d => d.AccountId == accountId && d.SerialNumber == serialNumber);
            if (index < 0)
            {
                return Task.FromResult<Result>(Errors.Mfa.NotFound);
            }

            if (_devices[index].IsBound)
            {
                return Task.FromResult<Result>(Errors.Mfa.DeleteConflictBound);
            }

            _devices.RemoveAt(index);
            AddAudit(audit);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<bool> AdvanceMfaStepAsync(string accountId, string serialNumber, long usedStep, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _devices.FindIndex(d => d.AccountId == accountId && d.SerialNumber == serialNumber && d.IsBound);
            if (index < 0 || _devices[index].LastStep >= usedStep)
            {
                return Task.FromResult(false);
            }

            _devices[index] = _devices[index] with { LastStep = usedStep };
            return Task.FromResult(true);
        }
    }
}
