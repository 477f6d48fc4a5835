using System.Net;
using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Tests.Redis;

/// <summary>Two nodes on one PostgreSQL database and one Redis (LATCHKEY_TEST_POSTGRES, LATCHKEY_TEST_REDIS).</summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _prefix = $"latchkey-test-{Guid.NewGuid():N}:";
    private WebApplication? _nodeA;
    private WebApplication? _nodeB;

    // A schema of this class's own: secrets other tests wrote under other master keys would
    // (rightly) stop these nodes from starting.
    private string _database = string.Empty;

    private static string Redis => Environment.GetEnvironmentVariable("LATCHKEY_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("LATCHKEY_TEST_REDIS is not set; scripts/test.sh starts Redis and sets it.");

    private string[] NodeArguments(bool withRedis) =>
    [
        "--urls=http://127.0.0.1:0",
        "--Storage:Provider=PostgreSql",
        $"--Storage:ConnectionString={_database}",
        "--Cluster:Nodes=2",
        $"--MasterKey:Key={MasterKey}",
        .. withRedis ? new[] { $"--Redis:Configuration={Redis}", $"--Redis:KeyPrefix={_prefix}" } : [],
    ];

    public async Task InitializeAsync()
    {
        _database = await ClusterNodes.NewSchemaAsync();
        _nodeA = await StartAsync(NodeArguments(withRedis: true));
        _nodeB = await StartAsync(NodeArguments(withRedis: true));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            if (node is not null)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<WebApplication> StartAsync(string[] arguments)
    {
        var builder = LatchkeyHost.CreateBuilder(arguments);
        builder.Logging.ClearProviders();
        var app = LatchkeyHost.Build(builder);
        await app.StartAsync();
        return app;
    }

    private static ApiClient ClientOf(WebApplication node)
    {
        var address = node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiClient(new HttpClient { BaseAddress = new Uri(address) });
    }

    private static async Task<TestAccount> CreateAccountAsync(WebApplication node)
    {
        var name = "multi-" + Guid.NewGuid().ToString("N")[..12];
        var account = await node.Services.GetRequiredService<Core.Accounts.AccountService>().CreateAsync(name, "Str0ng!Passw0rd", "127.0.0.1", "test", CancellationToken.None);
        var actor = new Core.Audit.AuditContext(new Core.Principals.Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "test");
        var key = await node.Services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        return new TestAccount(account.Value.AccountId, key.Value.Key.AccessKeyId, key.Value.Secret.Reveal());
    }

    [Fact]
    public async Task PostgreSqlWithSeveralNodes_WithoutRedis_RefusesToStart()
    {
        var builder = LatchkeyHost.CreateBuilder(NodeArguments(withRedis: false));
        builder.Logging.ClearProviders();
        await using var app = LatchkeyHost.Build(builder);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Redis:Configuration", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadyProbe_ChecksStoreAndRedis()
    {
        var ready = await ClientOf(_nodeA!).Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task NonceSeenOnOneNode_IsRefusedOnTheOther()
    {
        var account = await CreateAccountAsync(_nodeA!);
        var signed = ApiClient.SignV1(account, "GetCallerIdentity", ApiClient.Sts);

        var first = await ApiAnswer.ReadAsync(await ClientOf(_nodeA!).SendAsync(signed));
        var replay = await ApiAnswer.ReadAsync(await ClientOf(_nodeB!).SendAsync(signed));

        first.AssertSuccess();
        replay.AssertError(HttpStatusCode.BadRequest, "SignatureNonceUsed");
    }

    [Fact]
    public async Task PermissionChangeOnOneNode_ReachesTheOther()
    {
        var account = await CreateAccountAsync(_nodeA!);
        var nodeA = ClientOf(_nodeA!);
        var nodeB = ClientOf(_nodeB!);
        (await nodeA.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "reader"))).AssertSuccess();
        var created = (await nodeA.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "reader"))).AssertSuccess().GetProperty("AccessKey");
        var userKey = new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);

        // B compiles and caches the user's (empty) permissions.
        var before = await nodeB.CallAsync(userKey, "ListUsers", ApiClient.Ram);
        async Task ChangeOnAAndAwaitBAsync(string action)
        {
            var heardOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = _nodeB!.Services.GetRequiredService<IAccessKeyChangeFeed>().Subscribe(message =>
            {
                if (message == Core.Authorization.PermissionChanges.Prefix + account.AccountId)
                {
                    heardOnB.TrySetResult();
                }
            });
            (await nodeA.CallAsync(account, action, ApiClient.Ram, ("UserName", "reader"), ("PolicyName", "AliyunRAMReadOnlyAccess"), ("PolicyType", "System"))).AssertSuccess();
            await heardOnB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await ChangeOnAAndAwaitBAsync("AttachPolicyToUser");
        var granted = await nodeB.CallAsync(userKey, "ListUsers", ApiClient.Ram);
        await ChangeOnAAndAwaitBAsync("DetachPolicyFromUser");
        var revoked = await nodeB.CallAsync(userKey, "ListUsers", ApiClient.Ram);

        before.AssertError(HttpStatusCode.Forbidden, "NoPermission");
        granted.AssertSuccess();
        revoked.AssertError(HttpStatusCode.Forbidden, "NoPermission");
    }

    [Fact]
    public async Task KeyCreatedOnOneNode_VerifiesOnTheOther_AndDisablingReachesIt()
    {
        var account = await CreateAccountAsync(_nodeA!);
        var nodeA = ClientOf(_nodeA!);
        var nodeB = ClientOf(_nodeB!);
        (await nodeA.CallAsync(account, "CreateUser", ApiClient.Ram, ("UserName", "roamer"))).AssertSuccess();
        var created = (await nodeA.CallAsync(account, "CreateAccessKey", ApiClient.Ram, ("UserName", "roamer"))).AssertSuccess().GetProperty("AccessKey");
        var userKey = new TestAccount(account.AccountId, created.GetProperty("AccessKeyId").GetString()!, created.GetProperty("AccessKeySecret").GetString()!);

        var onB = await nodeB.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts);
        var heardOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // B's cache subscribed first, so by the time this runs the cache has dropped the key.
        using var subscription = _nodeB!.Services.GetRequiredService<IAccessKeyChangeFeed>().Subscribe(id =>
        {
            if (id == userKey.AccessKeyId)
            {
                heardOnB.TrySetResult();
            }
        });
        (await nodeA.CallAsync(account, "UpdateAccessKey", ApiClient.Ram, ("UserName", "roamer"), ("UserAccessKeyId", userKey.AccessKeyId), ("Status", "Inactive"))).AssertSuccess();
        await heardOnB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var disabledOnB = await nodeB.CallAsync(userKey, "GetCallerIdentity", ApiClient.Sts);

        Assert.Equal("RAMUser", onB.AssertSuccess().GetProperty("IdentityType").GetString());
        disabledOnB.AssertError(HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
    }

    [Fact]
    public async Task SessionIssuedOnOneNode_VerifiesOnTheOther_AndDeletingItsRoleReachesIt()
    {
        var account = await CreateAccountAsync(_nodeA!);
        var nodeA = ClientOf(_nodeA!);
        var nodeB = ClientOf(_nodeB!);
        var trust = $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{account.AccountId}}}:root"]}}]}""";
        var arn = (await nodeA.CallAsync(account, "CreateRole", ApiClient.Ram, ("RoleName", "Shared"), ("AssumeRolePolicyDocument", trust))).AssertSuccess().GetProperty("Role").GetProperty("Arn").GetString()!;
        var credentials = (await nodeA.CallAsync(account, "AssumeRole", ApiClient.Sts, ("RoleArn", arn), ("RoleSessionName", "roaming"))).AssertSuccess().GetProperty("Credentials");
        var id = credentials.GetProperty("AccessKeyId").GetString()!;
        var secret = credentials.GetProperty("AccessKeySecret").GetString()!;
        var token = credentials.GetProperty("SecurityToken").GetString()!;
        Task<HttpResponseMessage> CallOnB() => nodeB.SendAsync(Latchkey.Signing.RequestSigner.SignV1(
            new Latchkey.Signing.RpcCall("GetCallerIdentity", ApiClient.Sts, []), id, secret, "GET", Latchkey.Signing.V1Placement.Query, Latchkey.Signing.RequestSigner.NewNonce(), TimeProvider.System.GetUtcNow(), token));

        var before = await ApiAnswer.ReadAsync(await CallOnB());
        var heardOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_nodeB!.Services.GetRequiredService<IAccessKeyChangeFeed>().Subscribe(message =>
        {
            if (message == Core.Authorization.PermissionChanges.Prefix + account.AccountId)
            {
                heardOnB.TrySetResult();
            }
        }))
        {
            (await nodeA.CallAsync(account, "DeleteRole", ApiClient.Ram, ("RoleName", "Shared"))).AssertSuccess();
            await heardOnB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var after = await ApiAnswer.ReadAsync(await CallOnB());

        Assert.Equal("AssumedRoleUser", before.AssertSuccess().GetProperty("IdentityType").GetString());
        after.AssertError(HttpStatusCode.BadRequest, "InvalidSecurityToken.Expired");
    }
}
