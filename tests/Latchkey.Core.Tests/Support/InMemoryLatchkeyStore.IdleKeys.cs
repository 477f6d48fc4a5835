using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;

namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<string, IdleAccessKeyWarning> _idleWarnings = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<AccessKey>> ListAccountAccessKeysAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKey>>(_keys.Values
                .Select(k => k.Key)
                .Where(k => k.AccountId == accountId && !k.IsRecycled)
                .OrderBy(k => k.CreateDate)
                .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<IReadOnlyList<IdleAccessKeyWarning>> ListIdleAccessKeyWarningsAsync(string? accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A warning goes with its key, as the real stores' foreign key does.
            return Task.FromResult<IReadOnlyList<IdleAccessKeyWarning>>(_idleWarnings.Values
                .Where(w => (accountId is null || w.AccountId == accountId) && _keys.ContainsKey(w.AccessKeyId))
                .OrderBy(w => w.AccessKeyId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<bool> RecordIdleAccessKeyWarningAsync(IdleAccessKeyWarning warning, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(warning.AccessKeyId, out var stored) || stored.Key.IsRecycled)
            {
                return Task.FromResult(false);
            }

            _idleWarnings[warning.AccessKeyId] = warning with { AccountId = stored.Key.AccountId };
            AddAudit(audit);
            return Task.FromResult(true);
        }
    }
}
