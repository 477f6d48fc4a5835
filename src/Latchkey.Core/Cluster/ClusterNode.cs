namespace Latchkey.Core.Cluster;

/// <summary>
/// A node registered in the store. <see cref="Heartbeats"/> counts up while the node runs, so
/// another node can tell a live node from a row left by a crash by watching it move (no clocks
/// compared across machines). <see cref="SharesState"/>: the node shares its nonce window and
/// key changes with the others (Redis).
/// </summary>
public sealed record ClusterNode(string NodeId, string HostName, int ProcessId, bool SharesState, DateTimeOffset StartedAt, long Heartbeats, DateTimeOffset LastHeartbeat);
