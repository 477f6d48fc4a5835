namespace Latchkey.Core.Cluster;

/// <summary>The nodes that use one store, so a node can see that others run beside it.</summary>
public interface IClusterNodeStore
{
    /// <summary>Adds or replaces the node's row.</summary>
    Task RegisterNodeAsync(ClusterNode node, CancellationToken cancellationToken);

    /// <summary>Counts the node's heartbeat up and stamps it; false when its row is gone (re-register).</summary>
    Task<bool> HeartbeatNodeAsync(string nodeId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken);

    Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken);
}
