using Microsoft.AspNetCore.Builder;

namespace Latchkey.Server.Tests.Redis;

/// <summary>Nodes register in PostgreSQL; several nodes without Redis are refused at start (real PostgreSQL).</summary>
public sealed class ClusterMembershipTests
{
    private static string[] Node(string connectionString, string masterKey, string? redis = null) =>
    [
        "--Storage:Provider=PostgreSql",
        $"--Storage:ConnectionString={connectionString}",
        $"--MasterKey:Key={masterKey}",
        "--Cluster:HeartbeatMilliseconds=200",
        .. redis is null ? Array.Empty<string>() : ["--Cluster:Nodes=2", $"--Redis:Configuration={redis}", $"--Redis:KeyPrefix=lk-{Guid.NewGuid():N}:"],
    ];

    [Fact]
    public async Task A_second_node_without_Redis_is_refused_with_the_setting_named_and_starts_once_the_first_is_gone()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        WebApplication? first = await ClusterNodes.StartAsync(Node(database, masterKey));
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterNodes.StartAsync(Node(database, masterKey)));
            Assert.Contains("Redis:Configuration", refused.Message, StringComparison.Ordinal);
            Assert.Contains("Another Latchkey node", refused.Message, StringComparison.Ordinal);

            await ClusterNodes.StopAsync(first);
            first = null;
            var second = await ClusterNodes.StartAsync(Node(database, masterKey));
            await ClusterNodes.StopAsync(second);
        }
        finally
        {
            await ClusterNodes.StopAsync(first);
        }
    }

    [Fact]
    public async Task A_node_with_Redis_is_refused_beside_a_live_node_without_it_but_two_with_Redis_run()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        var lone = await ClusterNodes.StartAsync(Node(database, masterKey));
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis)));
            Assert.Contains("it runs without Redis", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ClusterNodes.StopAsync(lone);
        }

        var a = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis));
        var b = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis));
        await ClusterNodes.StopAsync(a);
        await ClusterNodes.StopAsync(b);
    }

    [Fact]
    public async Task A_row_left_by_a_crashed_node_does_not_stop_a_restart()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        var first = await ClusterNodes.StartAsync(Node(database, masterKey));
        await ClusterNodes.StopAsync(first);

        // What a SIGKILLed node leaves: its row, whose heartbeat never moves again.
        var now = TimeProvider.System.GetUtcNow().UtcTicks;
        await ClusterNodes.ExecuteAsync(database, $"INSERT INTO cluster_nodes VALUES ('crashed', 'gone-host', 4242, false, {now}, 17, {now})");

        var restarted = await ClusterNodes.StartAsync(Node(database, masterKey));
        await ClusterNodes.StopAsync(restarted);
        Assert.Equal(0, await ClusterNodes.ExecuteAsync(database, "DELETE FROM cluster_nodes WHERE node_id = 'crashed'"));
    }
}
