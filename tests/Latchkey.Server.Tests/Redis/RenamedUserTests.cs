using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Redis;

/// <summary>
/// Ownership is decided by UserId, never by a cached name: a renamed user and a new user who took
/// the old name do not share keys. Two real nodes; node B reads the change log only every 5 s and
/// hears nothing over Redis (another prefix), so it still holds the renamed user's old name.
/// </summary>
public sealed class RenamedUserTests
{
    [Fact]
    public async Task A_renamed_user_cannot_manage_the_keys_of_a_new_user_with_its_old_name()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var masterKey = ClusterNodes.NewMasterKey();
        string[] Node(string prefix) =>
        [
            "--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={database}", $"--MasterKey:Key={masterKey}",
            "--Cluster:Nodes=2", $"--Redis:Configuration={ClusterNodes.SharedRedis}", $"--Redis:KeyPrefix={prefix}",
            "--Cluster:ChangeLogPollMilliseconds=5000",
        ];
        var nodeA = await ClusterNodes.StartAsync(Node($"lk-a-{Guid.NewGuid():N}:"));
        var nodeB = await ClusterNodes.StartAsync(Node($"lk-b-{Guid.NewGuid():N}:"));
        try
        {
            var a = ClusterNodes.ClientOf(nodeA);
            var b = ClusterNodes.ClientOf(nodeB);
            var account = await ClusterNodes.CreateAccountAsync(nodeA);
            (await a.CallAsync(account, "SetSecurityPreference", ApiClient.Ram, ("AllowUserToManageAccessKeys", "true"))).AssertSuccess();
            var alice = await ClusterNodes.CreateUserKeyAsync(a, account, "alice");

            // Node B caches alice's key with the name "alice"; its own-key calls work.
            (await b.CallAsync(alice, "ListAccessKeys", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();

            (await a.CallAsync(account, "UpdateUser", ApiClient.Ram, ("UserName", "alice"), ("NewUserName", "bob"))).AssertSuccess();
            (await a.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();

            // On either node, the old alice (now bob) may not touch the new alice's keys.
            foreach (var node in new[] { b, a })
            {
                (await node.CallAsync(alice, "CreateAccessKey", ApiClient.Ram, ("UserName", "alice"))).AssertError(HttpStatusCode.Forbidden, "NoPermission");
                (await node.CallAsync(alice, "ListAccessKeys", ApiClient.Ram, ("UserName", "alice"))).AssertError(HttpStatusCode.Forbidden, "NoPermission");
            }

            var newAlicesKeys = (await a.CallAsync(account, "ListAccessKeys", ApiClient.Ram, ("UserName", "alice"))).AssertSuccess();
            Assert.Equal(0, newAlicesKeys.GetProperty("AccessKeys").GetProperty("AccessKey").GetArrayLength());

            // Its own keys, by its new name or by none, are still its own.
            (await a.CallAsync(alice, "ListAccessKeys", ApiClient.Ram, ("UserName", "bob"))).AssertSuccess();
            (await a.CallAsync(alice, "ListAccessKeys", ApiClient.Ram)).AssertSuccess();
        }
        finally
        {
            await ClusterNodes.StopAsync(nodeA);
            await ClusterNodes.StopAsync(nodeB);
        }
    }
}
