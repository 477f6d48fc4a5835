using System.ComponentModel.DataAnnotations;

namespace Latchkey.Server.Hosting;

/// <summary>How many nodes share the store ("Cluster" section); more than one needs Redis.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    [Range(1, 1000, ErrorMessage = "Cluster:Nodes must be between 1 and 1000 (default 1); fix it in appsettings.json or LATCHKEY_Cluster__Nodes.")]
    public int Nodes { get; set; } = 1;

    /// <summary>
    /// How often each node reads the store's AccessKey change log (milliseconds). Bounds how long
    /// a change that Redis did not deliver takes to reach this node.
    /// </summary>
    [Range(20, 5000)]
    public int ChangeLogPollMilliseconds { get; set; } = 250;

    /// <summary>How often a node on PostgreSQL stamps its row in cluster_nodes (milliseconds).</summary>
    [Range(100, 60000)]
    public int HeartbeatMilliseconds { get; set; } = 2000;
}
