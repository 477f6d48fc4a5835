using System.Net;
using Latchkey.Core.AccessKeys;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Redis;

/// <summary>
/// Invariant 3 when Redis blinks: real PostgreSQL and real redis-server processes, two real nodes.
/// Each test has its own schema and (where it kills Redis) its own Redis.
/// </summary>
public sealed class RevocationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string[] Node(string connectionString, string masterKey, string? redis, string prefix, params string[] more) =>
    [
        "--Storage:Provider=PostgreSql",
        $"--Storage:ConnectionString={connectionString}",
        $"--MasterKey:Key={masterKey}",
        .. redis is null ? Array.Empty<string>() : ["--Cluster:Nodes=2", $"--Redis:Configuration={redis}", $"--Redis:KeyPrefix={prefix}"],
        .. more,
    ];

    [Fact]
    public async Task A_change_the_feed_never_delivers_still_reaches_the_other_node_through_the_change_log()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();

        // Two Redis key prefixes: the nodes share no pub/sub channel, so no message carries the change.
        var nodeA = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis, $"lk-a-{Guid.NewGuid():N}:"));
        var nodeB = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis, $"lk-b-{Guid.NewGuid():N}:"));
        try
        {
            var account = await ClusterNodes.CreateAccountAsync(nodeA);
            var a = ClusterNodes.ClientOf(nodeA);
            var b = ClusterNodes.ClientOf(nodeB);
            var userKey = await ClusterNodes.CreateUserKeyAsync(a, account, "drifter");
            await ClusterNodes.CacheAsync(nodeB, userKey);

            (await a.CallAsync(account, "UpdateAccessKey", ApiClient.Ram, ("UserName", "drifter"), ("UserAccessKeyId", userKey.AccessKeyId), ("Status", "Inactive"))).AssertSuccess();
            var since = System.Diagnostics.Stopwatch.StartNew();
            var onB = await ClusterNodes.CallUntilAsync(b, userKey, "InvalidAccessKeyId.Inactive");

            // A figure for docs/operations.md, not an assertion.
            output.WriteLine($"disabled on A; refused on B through the change log after {since.ElapsedMilliseconds} ms");

            onB.AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        }
        finally
        {
            await ClusterNodes.StopAsync(nodeA);
            await ClusterNodes.StopAsync(nodeB);
        }
    }

    [Fact]
    public async Task A_permission_change_the_feed_never_delivers_still_reaches_the_other_node_through_the_change_log()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        var nodeA = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis, $"lk-a-{Guid.NewGuid():N}:"));
        var nodeB = await ClusterNodes.StartAsync(Node(database, masterKey, ClusterNodes.SharedRedis, $"lk-b-{Guid.NewGuid():N}:"));
        try
        {
            var account = await ClusterNodes.CreateAccountAsync(nodeA);
            var a = ClusterNodes.ClientOf(nodeA);
            var b = ClusterNodes.ClientOf(nodeB);
            var reader = await ClusterNodes.CreateUserKeyAsync(a, account, "reader");

            // Node B caches the user's (empty) permissions.
            (await b.CallAsync(reader, "ListUsers", ApiClient.Ram)).AssertError(HttpStatusCode.Forbidden, "NoPermission");

            (await a.CallAsync(account, "AttachPolicyToUser", ApiClient.Ram, ("PolicyType", "System"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("UserName", "reader"))).AssertSuccess();

            // Cached permissions live a minute; well before that, node B must have read the change log.
            var since = System.Diagnostics.Stopwatch.StartNew();
            ApiAnswer answer;
            do
            {
                await Task.Delay(50);
                answer = await b.CallAsync(reader, "ListUsers", ApiClient.Ram);
            }
            while (answer.Status != HttpStatusCode.OK && since.Elapsed < TimeSpan.FromSeconds(20));

            output.WriteLine($"policy attached on A; allowed on B through the change log after {since.ElapsedMilliseconds} ms");
            answer.AssertSuccess();
        }
        finally
        {
            await ClusterNodes.StopAsync(nodeA);
            await ClusterNodes.StopAsync(nodeB);
        }
    }

    [Fact]
    public async Task Redis_killed_mid_change_the_change_commits_without_error_and_reaches_the_other_node_and_both_recover()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        await using var redis = new OwnRedis();
        await redis.StartAsync();
        var prefix = $"lk-{Guid.NewGuid():N}:";
        var nodeA = await ClusterNodes.StartAsync(Node(database, masterKey, redis.Configuration, prefix));
        var nodeB = await ClusterNodes.StartAsync(Node(database, masterKey, redis.Configuration, prefix));
        try
        {
            var account = await ClusterNodes.CreateAccountAsync(nodeA);
            var a = ClusterNodes.ClientOf(nodeA);
            var b = ClusterNodes.ClientOf(nodeB);
            var doomed = await ClusterNodes.CreateUserKeyAsync(a, account, "doomed");
            var survivor = await ClusterNodes.CreateUserKeyAsync(a, account, "survivor");
            (await b.CallAsync(doomed, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            (await b.CallAsync(survivor, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();

            await redis.KillAsync();

            // The change commits on node A while Redis is gone; publishing must not fail it.
            var users = nodeA.Services.GetRequiredService<Core.Users.RamUserService>();
            Assert.True((await users.GetAsync(account.AccountId, "doomed", CancellationToken.None)).IsSuccess);
            var disabled = await nodeA.Services.GetRequiredService<AccessKeyService>()
                .UpdateStatusAsync(ClusterNodes.Actor(account.AccountId), "doomed", doomed.AccessKeyId, "Inactive", CancellationToken.None);
            Assert.True(disabled.IsSuccess);

            // Node B refuses the key (the status check needs no Redis) ...
            (await ClusterNodes.CallUntilAsync(b, doomed, "InvalidAccessKeyId.Inactive")).AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");

            // ... and once Redis is back, both nodes serve the other key again.
            await redis.StartAsync();
            (await ClusterNodes.CallUntilAsync(b, survivor, null)).AssertSuccess();
            (await ClusterNodes.CallUntilAsync(a, survivor, null)).AssertSuccess();
            (await b.CallAsync(doomed, "GetCallerIdentity", ApiClient.Sts)).AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        }
        finally
        {
            await ClusterNodes.StopAsync(nodeA);
            await ClusterNodes.StopAsync(nodeB);
        }
    }

    [Fact]
    public async Task A_dropped_feed_connection_clears_the_key_cache()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        await using var redis = new OwnRedis();
        await redis.StartAsync();
        var node = await ClusterNodes.StartAsync(Node(database, ClusterNodes.NewMasterKey(), redis.Configuration, $"lk-{Guid.NewGuid():N}:"));
        try
        {
            var account = await ClusterNodes.CreateAccountAsync(node);
            await ClusterNodes.CacheAsync(node, account);
            var cache = node.Services.GetRequiredService<Core.Authentication.AccessKeyCache>();
            var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = node.Services.GetRequiredService<IAccessKeyChangeFeed>().SubscribeToResets(() => reset.TrySetResult());

            await redis.KillAsync();
            await reset.Task.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, cache.Count);
        }
        finally
        {
            await ClusterNodes.StopAsync(node);
        }
    }
}
