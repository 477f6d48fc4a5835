using System.Data.Common;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Audit;
using Latchkey.Core.Cluster;
using Latchkey.Core.Results;

namespace Latchkey.Storage.PostgreSql;

/// <summary>The AccessKey change log and the cluster's nodes: the behaviour is <see cref="SqlChangeLogStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
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

    private Task AppendKeyChangesAsync(DbConnection connection, DbTransaction transaction, string? accessKeyId, string? userId, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        ChangeLog.AppendKeyChangesAsync(connection, transaction, accessKeyId, userId, changedAt, cancellationToken);

    private Task<Result> KeyChangeAsync(string sql, string accessKeyId, ApiError noRow, AuditEvent audit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ChangeLog.KeyChangeAsync(sql, accessKeyId, noRow, audit, cancellationToken, parameters);
}
