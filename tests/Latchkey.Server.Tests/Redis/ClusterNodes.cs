using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Latchkey.Server.Tests.Redis;

/// <summary>
/// Helpers for tests that run several real nodes: a fresh PostgreSQL schema per test (so nodes of
/// one test never see another test's nodes), a Redis server of the test's own that it may kill,
/// and nodes started on 127.0.0.1 with the real host.
/// </summary>
internal static class ClusterNodes
{
    public static string Postgres => Environment.GetEnvironmentVariable("LATCHKEY_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("LATCHKEY_TEST_POSTGRES is not set; scripts/test.sh starts PostgreSQL and sets it.");

    public static string SharedRedis => Environment.GetEnvironmentVariable("LATCHKEY_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("LATCHKEY_TEST_REDIS is not set; scripts/test.sh starts Redis and sets it.");

    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A connection string on a new, empty schema of the test database.</summary>
    public static async Task<string> NewSchemaAsync()
    {
        var schema = "lk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var connection = new NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { SearchPath = schema }.ToString();
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<WebApplication> StartAsync(params string[] arguments)
    {
        var builder = LatchkeyHost.CreateBuilder(["--urls=http://127.0.0.1:0", .. arguments]);
        builder.Logging.ClearProviders();
        var app = LatchkeyHost.Build(builder);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public static async Task StopAsync(WebApplication? node)
    {
        if (node is not null)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }
    }

    public static ApiClient ClientOf(WebApplication node)
    {
        var address = node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiClient(new HttpClient { BaseAddress = new Uri(address) });
    }

    public static async Task<TestAccount> CreateAccountAsync(WebApplication node)
    {
        var name = "cluster-" + Guid.NewGuid().ToString("N")[..12];
        var account = await node.Services.GetRequiredService<Core.Accounts.AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var key = await node.Services.GetRequiredService<AccessKeyService>().CreateAsync(Actor(account.Value.AccountId), null, CancellationToken.None);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    public static Core.Audit.AuditContext Actor(string accountId) =>
        new(new Core.Principals.Principal(accountId, null, null, null), "127.0.0.1", "test");

    /// <summary>A RAM user of <paramref name="account"/> with one key, created through the API of <paramref name="node"/>.</summary>
    public static async Task<TestAccount> CreateUserKeyAsync(ApiClient node, TestAccount account, string userName)
    {
        (await node.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", userName))).AssertSuccess();
        var created = (await node.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", userName))).AssertSuccess().GetProperty("AccessKey");
        return new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);
    }

    /// <summary>Calls GetCallerIdentity until the error code is <paramref name="code"/> (null: success) or 60 s pass; returns the last answer.</summary>
    public static async Task<ApiAnswer> CallUntilAsync(ApiClient node, TestAccount key, string? code)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await node.CallAsync(key, "GetCallerIdentity", ApiClient.Sts);
            if ((answer.Status != HttpStatusCode.InternalServerError && CodeOf(answer) == code) || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                return answer;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Verifies <paramref name="key"/> on <paramref name="node"/> until the node's cache holds a
    /// key after its change log has been read past the key's creation (which evicts it once).
    /// </summary>
    public static async Task CacheAsync(WebApplication node, TestAccount key)
    {
        var cache = node.Services.GetRequiredService<Core.Authentication.AccessKeyCache>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            (await ClientOf(node).CallAsync(key, "GetCallerIdentity", ApiClient.Sts)).AssertSuccess();
            await Task.Delay(300);
            if (cache.Count > 0)
            {
                return;
            }
        }

        Assert.Fail("The node never kept the key in its cache.");
    }

    public static string? CodeOf(ApiAnswer answer)
    {
        try
        {
            return answer.ErrorCode;
        }
        catch (System.Text.Json.JsonException)
        {
            return "(not JSON)";
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A redis-server process of one test, on its own port, that the test may kill and start again.</summary>
internal sealed class OwnRedis : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = ClusterNodes.FreePort();

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}.");
    }

    /// <summary>SIGKILL: no goodbye to the clients.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
