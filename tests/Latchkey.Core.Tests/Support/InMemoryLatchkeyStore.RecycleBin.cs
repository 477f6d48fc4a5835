using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.Support;

internal sealed partial class InMemoryLatchkeyStore
{
    public Task<Result> RecycleAccessKeyAsync(string accessKeyId, DateTimeOffset recycleDate, DateTimeOffset purgeDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(accessKeyId, out var stored) || stored.Key.IsRecycled)
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            _keys[accessKeyId] = stored with { Key = stored.Key with { RecycleDate = recycleDate, PurgeDate = purgeDate } };
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<AccessKey?> FindRecycledAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.GetValueOrDefault(accessKeyId) is { Key.IsRecycled: true } stored ? stored.Key : null);
        }
    }

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKey>>(_keys.Values
                .Select(k => k.Key)
                .Where(k => k.AccountId == accountId && k.UserId == userId && k.IsRecycled)
                .OrderBy(k => k.RecycleDate)
                .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<Result> RestoreAccessKeyAsync(string accessKeyId, int limit, DateTimeOffset updateDate, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(accessKeyId, out var stored) || !stored.Key.IsRecycled)
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            var live = _keys.Values.Count(k => k.Key.AccountId == stored.Key.AccountId && k.Key.UserId == stored.Key.UserId && !k.Key.IsRecycled);
            if (live >= limit)
            {
                return Task.FromResult<Result>(Errors.AccessKey.RestoreLimitExceeded);
            }

            _keys[accessKeyId] = stored with { Key = stored.Key with { RecycleDate = null, PurgeDate = null, UpdateDate = updateDate } };
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<Result> DeleteRecycledAccessKeyAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(accessKeyId, out var stored) || !stored.Key.IsRecycled)
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            _keys.Remove(accessKeyId);
            _guards.Remove(accessKeyId);
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<IReadOnlyList<AccessKey>> ListRecycledAccessKeysDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKey>>(_keys.Values
                .Select(k => k.Key)
                .Where(k => k.PurgeDate is { } purge && purge <= now)
                .OrderBy(k => k.PurgeDate)
                .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
                .Take(limit)
                .ToList());
        }
    }
}
