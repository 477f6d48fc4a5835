using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Authentication;
using Latchkey.Core.Secrets;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Server.Tests.Redis;
using Latchkey.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Latchkey.Server.Tests.Hosting;

/// <summary>
/// The master key against real stores and real nodes: a node whose key does not fit the store
/// refuses to start; rotation and retirement under signed load answer no 5xx; a database of the
/// old format (secrets bound to the AccessKeyId alone) is migrated so secrets bind their owner.
/// </summary>
public sealed class MasterKeyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "latchkey-masterkey-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string[] OnPostgres(string connectionString, string masterKey) =>
        ["--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={connectionString}", $"--MasterKey:Key={masterKey}"];

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_with_different_master_keys_the_second_is_refused_at_start()
    {
        var database = await ClusterNodes.NewSchemaAsync();
        var first = await ClusterNodes.StartAsync(OnPostgres(database, ClusterNodes.NewMasterKey()));
        try
        {
            var account = await ClusterNodes.CreateAccountAsync(first);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterNodes.StartAsync(OnPostgres(database, ClusterNodes.NewMasterKey())));

            Assert.Contains("master key cannot decrypt the store", refused.Message, StringComparison.Ordinal);
            Assert.Contains("MasterKey:Key", refused.Message, StringComparison.Ordinal);
            (await ClusterNodes.ClientOf(first).CallAsync(account, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
        }
        finally
        {
            await ClusterNodes.StopAsync(first);
        }
    }

    [Fact]
    public async Task A_SQLite_data_folder_whose_key_file_was_replaced_refuses_to_start()
    {
        var data = Path.Combine(_root, "data");
        var node = await ClusterNodes.StartAsync($"--Storage:DataDirectory={data}");
        await ClusterNodes.CreateAccountAsync(node);
        await ClusterNodes.StopAsync(node);
        SqliteConnection.ClearAllPools();
        var keyFile = Path.Combine(data, "master.key");
        File.Delete(keyFile);
        MasterKeyRing.LoadOrCreate(new Core.MasterKeyOptions { DataDirectory = data });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterNodes.StartAsync($"--Storage:DataDirectory={data}"));

        Assert.Contains("master key cannot decrypt the store", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_and_retirement_under_signed_load_answer_no_5xx_and_need_no_restart()
    {
        var data = Path.Combine(_root, "data");
        var node = await ClusterNodes.StartAsync($"--Storage:DataDirectory={data}");
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        try
        {
            var client = ClusterNodes.ClientOf(node);
            var account = await ClusterNodes.CreateAccountAsync(node);
            var users = new List<TestAccount>();
            for (var i = 0; i < 3; i++)
            {
                users.Add(await ClusterNodes.CreateUserKeyAsync(client, account, $"loaded-{i}"));
            }

            (await client.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "churn"))).AssertSuccess();
            var cache = node.Services.GetRequiredService<AccessKeyCache>();
            using var stop = new CancellationTokenSource();

            async Task Record(Task<ApiAnswer> call) => statuses.AddOrUpdate((await call).Status, 1, (_, n) => n + 1);

            var verifiers = users.Select(user => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Record(client.CallAsync(user, "GetCallerIdentity", ApiClient.Sts));
                }
            })).ToList();

            // New secrets are encrypted while the key file changes; the cache keeps reloading rows.
            var churn = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var created = await client.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "churn"));
                    statuses.AddOrUpdate(created.Status, 1, (_, n) => n + 1);
                    if (created.Status == HttpStatusCode.OK)
                    {
                        var body = created.AssertSuccess().GetProperty("AccessKey");
                        var key = new TestAccount(account.AccountId, body.GetProperty("AccessKeyId").GetString()!, body.GetProperty("AccessKeySecret").GetString()!);
                        await Record(client.CallAsync(key, "GetCallerIdentity", ApiClient.Sts));
                        await Record(client.CallAsync(account, "DeleteAccessKey", ApiClient.Ram, ("UserName", "churn"), ("UserAccessKeyId", key.AccessKeyId)));
                    }
                }
            });
            var clearer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    cache.Clear();
                    await Task.Delay(5);
                }
            });

            // What `latchkey master-key rotate` and `retire` do: another ring and store on the same folder.
            int rotated;
            using (var cliStore = SqliteLatchkeyStore.OpenDataFolder(data))
            {
                var cliRing = MasterKeyRing.LoadOrCreate(new Core.MasterKeyOptions { DataDirectory = data });
                rotated = await MasterKeyRotation.RotateAsync(cliStore, cliRing, null, CancellationToken.None);
                await Task.Delay(300);
                rotated += await MasterKeyRotation.RotateAsync(cliStore, cliRing, null, CancellationToken.None);
                await MasterKeyRotation.RetireAsync(cliStore, cliRing, 1, CancellationToken.None);
                await Task.Delay(300);
            }

            await stop.CancelAsync();
            await Task.WhenAll([.. verifiers, churn, clearer]);

            Assert.True(rotated >= 4, $"rotated {rotated}");
            Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 10, string.Join(", ", statuses));
            Assert.DoesNotContain(statuses.Keys, status => (int)status >= 500);

            // The running node now encrypts under version 3 and still verifies every key.
            var fresh = await ClusterNodes.CreateUserKeyAsync(client, account, "after-rotation");
            (await client.CallAsync(fresh, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            Assert.Equal(3, node.Services.GetRequiredService<ISecretProtector>().CurrentKeyVersion);
            foreach (var user in users)
            {
                (await client.CallAsync(user, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            }
        }
        finally
        {
            await ClusterNodes.StopAsync(node);
        }

        // And a restart with the rewritten file (version 1 gone) starts and serves.
        var restarted = await ClusterNodes.StartAsync($"--Storage:DataDirectory={data}");
        await ClusterNodes.StopAsync(restarted);
    }

    public static TheoryData<string> Providers => new() { "Sqlite", "PostgreSql" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_old_format_database_is_migrated_so_secrets_bind_their_owner(string provider)
    {
        var masterKey = RandomNumberGenerator.GetBytes(32);
        string[] arguments;
        Func<DbConnection> connect;
        if (provider == "Sqlite")
        {
            var data = Path.Combine(_root, "data");
            arguments = [$"--Storage:DataDirectory={data}", $"--MasterKey:Key={Convert.ToBase64String(masterKey)}"];
            connect = () => new SqliteConnection($"Data Source={Path.Combine(data, SqliteLatchkeyStore.DatabaseFileName)};Pooling=False");
        }
        else
        {
            var database = await ClusterNodes.NewSchemaAsync();
            arguments = OnPostgres(database, Convert.ToBase64String(masterKey));
            connect = () => new NpgsqlConnection(database);
        }

        // A database with keys, taken back to the schema before 0010/0011, its secrets re-sealed
        // the old way (associated data: the AccessKeyId alone).
        var node = await ClusterNodes.StartAsync(arguments);
        var account = await ClusterNodes.CreateAccountAsync(node);
        var userKey = await ClusterNodes.CreateUserKeyAsync(ClusterNodes.ClientOf(node), account, "legacy");
        var other = await ClusterNodes.CreateAccountAsync(node);
        await ClusterNodes.StopAsync(node);
        SqliteConnection.ClearAllPools();
        await using (var connection = connect())
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, """
                DROP TABLE access_key_changes;
                DROP TABLE cluster_nodes;
                DROP TABLE master_key_checks;
                DROP INDEX access_keys_legacy_secret_ix;
                DROP INDEX access_keys_key_version_ix;
                ALTER TABLE access_keys DROP COLUMN secret_format;
                DELETE FROM schema_migrations WHERE version IN (10, 11);
                """);
            foreach (var key in new[] { account, userKey, other })
            {
                await using var update = connection.CreateCommand();
                update.CommandText = $"UPDATE access_keys SET key_version = 1, secret_ciphertext = {(provider == "Sqlite" ? "$s" : "@s")} WHERE access_key_id = '{key.AccessKeyId}'";
                var parameter = update.CreateParameter();
                parameter.ParameterName = "s";
                parameter.Value = SealLegacy(masterKey, key.AccessKeyId, key.AccessKeySecret);
                update.Parameters.Add(parameter);
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }
        }

        node = await ClusterNodes.StartAsync(arguments);
        try
        {
            var client = ClusterNodes.ClientOf(node);
            (await client.CallAsync(account, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            (await client.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            var store = node.Services.GetRequiredService<Core.ILatchkeyStore>();
            var protector = node.Services.GetRequiredService<ISecretProtector>();
            var row = (await store.FindAccessKeyAsync(userKey.AccessKeyId, CancellationToken.None))!;
            Assert.Equal(ProtectedSecret.OwnerBoundFormat, row.Secret.Format);
            Assert.Equal(ProtectedSecret.OwnerBoundFormat, (await store.FindAccessKeyAsync(account.AccessKeyId, CancellationToken.None))!.Secret.Format);
            Assert.Equal(userKey.AccessKeySecret, protector.Unprotect(SecretOwner.Of(row.Key), row.Secret).Reveal());

            // The row moved to another owner (another account, or the account itself) no longer decrypts.
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(SecretOwner.Of(row.Key) with { AccountId = other.AccountId }, row.Secret));
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(SecretOwner.Of(row.Key) with { UserId = null }, row.Secret));
            await using var connection = connect();
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"UPDATE access_keys SET user_id = NULL WHERE access_key_id = '{userKey.AccessKeyId}'");
            var moved = (await store.FindAccessKeyAsync(userKey.AccessKeyId, CancellationToken.None))!;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(SecretOwner.Of(moved.Key), moved.Secret));
        }
        finally
        {
            await ClusterNodes.StopAsync(node);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static byte[] SealLegacy(byte[] key, string accessKeyId, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), Encoding.UTF8.GetBytes(accessKeyId));
        return output;
    }
}
