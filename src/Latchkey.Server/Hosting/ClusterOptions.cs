using System.ComponentModel.DataAnnotations;

namespace Latchkey.Server.Hosting;

/// <summary>How many nodes share the store ("Cluster" section); more than one needs Redis.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    [Range(1, 1000, ErrorMessage = "Cluster:Nodes must be between 1 and 1000 (default 1); fix it in appsettings.json or LATCHKEY_Cluster__Nodes.")]
    public int Nodes { get; set; } = 1;
}
