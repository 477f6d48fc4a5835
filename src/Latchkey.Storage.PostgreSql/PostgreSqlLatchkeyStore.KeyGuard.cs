using Latchkey.Core.Audit;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Results;

namespace Latchkey.Storage.PostgreSql;

/// <summary>The key guard and the usage counters: the behaviour is <see cref="SqlKeyGuardStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
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
}
