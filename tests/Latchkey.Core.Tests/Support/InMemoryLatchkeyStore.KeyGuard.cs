using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests.Support;

/// <summary>The key guard and usage ports, under the one lock like every other write here.</summary>
internal sealed partial class InMemoryLatchkeyStore
{
    private readonly Dictionary<string, AccessKeyGuard> _guards = new(StringComparer.Ordinal);
    private readonly List<LeakReport> _leakReports = [];
    private readonly Dictionary<(string Id, DateTimeOffset Hour), AccessKeyUsageHour> _usageHours = [];
    private readonly Dictionary<(string Id, DateTimeOffset Day, string Ip), AccessKeyUsageSource> _usageSources = [];
    private int _findGuardCalls;
    private int _recordUsageCalls;

    public int FindGuardCalls => Volatile.Read(ref _findGuardCalls);

    public int RecordUsageCalls => Volatile.Read(ref _recordUsageCalls);

    public Task<AccessKeyGuard?> FindAccessKeyGuardAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _findGuardCalls);
        lock (_lock)
        {
            return Task.FromResult(_guards.GetValueOrDefault(accessKeyId));
        }
    }

    public Task<Result> SetAccessKeyNetworkPolicyAsync(string accessKeyId, string? document, AuditEvent audit, CancellationToken cancellationToken) =>
        Task.FromResult(ChangeGuard(accessKeyId, audit, g => g with { NetworkPolicy = document }));

    public Task<Result> MarkAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken) =>
        Task.FromResult(ChangeGuard(accessKeyId, audit, g => g with { Canary = true }));

    public Task<bool> TripAccessKeyCanaryAsync(string accessKeyId, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_guards.TryGetValue(accessKeyId, out var guard) || !guard.Canary || guard.CanaryTrippedAt is not null)
            {
                return Task.FromResult(false);
            }

            _guards[accessKeyId] = guard with { CanaryTrippedAt = audit.Time };
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Task.FromResult(true);
        }
    }

    public Task<Result> RecordLeakReportAsync(LeakReport report, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(report.AccessKeyId, out var stored))
            {
                return Task.FromResult<Result>(Errors.AccessKey.UserKeyNotFound);
            }

            if (report.Action == LeakAction.Disable)
            {
                _keys[report.AccessKeyId] = stored with { Key = stored.Key with { Status = AccessKeyStatus.Inactive, UpdateDate = report.ReportedAt } };
            }
            else
            {
                var guard = _guards.GetValueOrDefault(report.AccessKeyId) ?? new AccessKeyGuard(report.AccessKeyId, null, false, null, null);
                _guards[report.AccessKeyId] = guard with { RestrictedAt = guard.RestrictedAt ?? report.ReportedAt };
            }

            _leakReports.Add(report);
            AddAudit(audit);
            AppendChange(report.AccessKeyId, audit.Time);
            return Task.FromResult(Result.Success);
        }
    }

    public Task<IReadOnlyList<LeakReport>> ListLeakReportsAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LeakReport>>(_leakReports.Where(r => r.AccountId == accountId).OrderByDescending(r => r.ReportedAt).ToList());
        }
    }

    public Task RecordAccessKeyUsageAsync(IReadOnlyCollection<AccessKeyUsageHour> hours, IReadOnlyCollection<AccessKeyUsageSource> sources, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _recordUsageCalls);
        lock (_lock)
        {
            foreach (var hour in hours)
            {
                var key = (hour.AccessKeyId, hour.Hour);
                _usageHours[key] = _usageHours.TryGetValue(key, out var old)
                    ? old with { Calls = old.Calls + hour.Calls, Refusals = old.Refusals + hour.Refusals, OutsidePolicy = old.OutsidePolicy + hour.OutsidePolicy }
                    : hour;
            }

            foreach (var source in sources)
            {
                var key = (source.AccessKeyId, source.Day, source.SourceIp);
                _usageSources[key] = _usageSources.TryGetValue(key, out var old)
                    ? old with { Calls = old.Calls + source.Calls, OutsidePolicy = old.OutsidePolicy + source.OutsidePolicy }
                    : source;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccessKeyUsageHour>> ReadAccessKeyUsageAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKeyUsageHour>>(_usageHours.Values.Where(h => h.AccessKeyId == accessKeyId && h.Hour >= since).OrderBy(h => h.Hour).ToList());
        }
    }

    public Task<IReadOnlyList<AccessKeyUsageSource>> ReadAccessKeyUsageSourcesAsync(string accessKeyId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessKeyUsageSource>>(_usageSources.Values
                .Where(s => s.AccessKeyId == accessKeyId && s.Day >= since)
                .OrderBy(s => s.Day)
                .ThenBy(s => s.SourceIp, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<int> PruneAccessKeyUsageAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var hours = _usageHours.Keys.Where(k => k.Hour < before).ToList();
            var days = _usageSources.Keys.Where(k => k.Day < before).ToList();
            hours.ForEach(k => _usageHours.Remove(k));
            days.ForEach(k => _usageSources.Remove(k));
            return Task.FromResult(hours.Count + days.Count);
        }
    }

    private Result ChangeGuard(string accessKeyId, AuditEvent audit, Func<AccessKeyGuard, AccessKeyGuard> change)
    {
        lock (_lock)
        {
            if (!_keys.ContainsKey(accessKeyId))
            {
                return Errors.AccessKey.UserKeyNotFound;
            }

            _guards[accessKeyId] = change(_guards.GetValueOrDefault(accessKeyId) ?? new AccessKeyGuard(accessKeyId, null, false, null, null));
            AddAudit(audit);
            AppendChange(accessKeyId, audit.Time);
            return Result.Success;
        }
    }
}
