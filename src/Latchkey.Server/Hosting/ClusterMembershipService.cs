using System.Security.Cryptography;
using Latchkey.Core;
using Latchkey.Core.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Registers this node in the PostgreSQL store and keeps its heartbeat moving, so that nodes see
/// each other. Several nodes on one database must share the nonce window and key changes through
/// Redis: a node refuses to start when another live node uses the database and either of the two
/// has no Redis. "Live" is judged by watching the other row's heartbeat count move, never by
/// comparing clocks, so a row left behind by a crashed node delays a start by a few heartbeats
/// and is then removed. The SQLite store serves one node and registers nothing.
/// </summary>
internal sealed class ClusterMembershipService(
    IClusterNodeStore store,
    IOptions<ClusterOptions> options,
    IOptions<RedisOptions> redis,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<ClusterMembershipService> logger) : BackgroundService
{
    /// <summary>A row whose heartbeat is older than this (by this node's clock) is removed at start without watching it.</summary>
    private static readonly TimeSpan StaleRowAge = TimeSpan.FromHours(1);

    private readonly string _nodeId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private ClusterNode? _self;

    private TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.HeartbeatMilliseconds);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.Provider != StorageProvider.PostgreSql)
        {
            return;
        }

        var now = time.GetUtcNow();
        _self = new ClusterNode(_nodeId, Environment.MachineName, Environment.ProcessId, !string.IsNullOrWhiteSpace(redis.Value.Configuration), now, 0, now);
        await store.RegisterNodeAsync(_self, cancellationToken);
        Log.NodeRegistered(logger, _self.NodeId, _self.HostName, _self.ProcessId, _self.SharesState);

        // Beat from now on, so that a node starting at the same moment sees this one move.
        await base.StartAsync(cancellationToken);

        var others = (await store.ListNodesAsync(cancellationToken)).Where(node => node.NodeId != _nodeId).ToList();

        // Rows of nodes that crashed long ago (by any clock) are only clutter.
        foreach (var stale in others.Where(node => now - node.LastHeartbeat > StaleRowAge))
        {
            Log.DeadNodeRemoved(logger, stale.NodeId, stale.HostName, stale.ProcessId);
            await store.RemoveNodeAsync(stale.NodeId, cancellationToken);
        }

        var conflicting = others
            .Where(node => now - node.LastHeartbeat <= StaleRowAge && (!_self.SharesState || !node.SharesState))
            .ToList();
        if (conflicting.Count == 0)
        {
            return;
        }

        await Task.Delay(Interval * 2.5, time, cancellationToken);
        var after = (await store.ListNodesAsync(cancellationToken)).ToDictionary(node => node.NodeId, StringComparer.Ordinal);
        foreach (var node in conflicting)
        {
            if (after.TryGetValue(node.NodeId, out var later) && later.Heartbeats > node.Heartbeats)
            {
                await StopAndForgetAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"Another Latchkey node ({later.HostName}, process {later.ProcessId}) is using this PostgreSQL database, and "
                    + (_self.SharesState ? "it runs without Redis" : "this node runs without Redis")
                    + ". Several nodes share the nonce window and AccessKey changes through Redis: set Redis:Configuration "
                    + "(e.g. LATCHKEY_Redis__Configuration=127.0.0.1:6379) on every node and Cluster:Nodes to their number.");
            }

            Log.DeadNodeRemoved(logger, node.NodeId, node.HostName, node.ProcessId);
            await store.RemoveNodeAsync(node.NodeId, cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopAndForgetAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (!await store.HeartbeatNodeAsync(_nodeId, time.GetUtcNow(), stoppingToken))
                    {
                        await store.RegisterNodeAsync(_self! with { LastHeartbeat = time.GetUtcNow() }, stoppingToken);
                    }
                }
#pragma warning disable CA1031 // A missed heartbeat must not stop the node; the next tick retries.
                catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Log.HeartbeatFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task StopAndForgetAsync(CancellationToken cancellationToken)
    {
        if (_self is null)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        try
        {
            await store.RemoveNodeAsync(_nodeId, cancellationToken);
        }
#pragma warning disable CA1031 // Best effort: a row left behind stops beating and is removed by the next node that looks.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.HeartbeatFailed(logger, exception);
        }
    }
}
