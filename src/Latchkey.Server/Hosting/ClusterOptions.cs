using System.ComponentModel.DataAnnotations;

namespace Latchkey.Server.Hosting;

/// <summary>How many nodes share the store ("Cluster" section); more than one needs Redis.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    [Range(1, 1000)]
    public int Nodes { get; set; } = 1;
}
