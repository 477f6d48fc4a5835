using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.KeyGuard;
using Latchkey.Core.Principals;
using Latchkey.Signing;
using Latchkey.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Benchmarks;

/// <summary>
/// The hot path (<see cref="RequestAuthenticator"/>, warmed cache, V1 STS GetCallerIdentity) for a
/// key without a network policy (baseline) and for a key whose Active policy lists ten networks,
/// the request's source matching only the last one (the most comparisons an allowed request
/// costs). Both keys belong to one account and run in one process, so the ratio is what counts.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 30, invocationCount: InvocationsPerIteration)]
public class NetworkPolicyBenchmarks
{
    private const int InvocationsPerIteration = 4096;

    // Pilot, 3 warm-up and 30 measured iterations, BenchmarkDotNet's overhead calls, with room to spare.
    private const int PoolSize = InvocationsPerIteration * 40;
    private const int PrefilledNonces = 200_000;
    private const string SourceIp = "127.0.0.1";

    private const string Policy =
        """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","198.51.100.0/24","203.0.113.0/24","192.0.2.0/24","2001:db8::/32","fd00::/8","100.64.0.0/10","127.0.0.0/8"]}]}""";

    private static readonly AccessKeyNetworkPolicy ParsedPolicy = AccessKeyNetworkPolicy.Parse(Policy).Value;

    private ServiceProvider _services = null!;
    private string _dataFolder = "";
    private RequestAuthenticator _authenticator = null!;
    private ReceivedRequest[] _plain = [];
    private ReceivedRequest[] _guarded = [];
    private int _nextPlain;
    private int _nextGuarded;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<bool> V1_Authenticate_NoPolicy() => (await _authenticator.AuthenticateAsync(_plain[_nextPlain++], SourceIp, CancellationToken.None)).IsSuccess;

    [Benchmark]
    public async ValueTask<bool> V1_Authenticate_NetworkPolicy() => (await _authenticator.AuthenticateAsync(_guarded[_nextGuarded++], SourceIp, CancellationToken.None)).IsSuccess;

    /// <summary>The policy check alone: the source matches the last of ten networks.</summary>
    [Benchmark]
    public bool Allows_LastOfTenNetworks() => ParsedPolicy.Allows(SourceIp);

    private async Task SetupAsync()
    {
        _dataFolder = Path.Combine(Path.GetTempPath(), "latchkey-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var store = SqliteLatchkeyStore.OpenDataFolder(_dataFolder);
        await store.MigrateAsync(CancellationToken.None);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MasterKey:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILatchkeyStore>(store);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddLatchkeyCore(configuration);
        _services = services.BuildServiceProvider();

        var account = await _services.GetRequiredService<AccountService>().CreateAsync("bench", "Str0ng!Passw0rd", "127.0.0.1", "setup", CancellationToken.None);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "setup");
        var keys = _services.GetRequiredService<AccessKeyService>();
        var plain = (await keys.CreateAsync(actor, null, CancellationToken.None)).Value;
        var guarded = (await keys.CreateAsync(actor, null, CancellationToken.None)).Value;
        var set = await _services.GetRequiredService<AccessKeyGuardService>().SetNetworkPolicyAsync(actor, null, guarded.Key.AccessKeyId, Policy, CancellationToken.None);
        if (!set.IsSuccess)
        {
            throw new InvalidOperationException(set.Error.Code);
        }

        _authenticator = _services.GetRequiredService<RequestAuthenticator>();
        _plain = Pool(plain);
        _guarded = Pool(guarded);

        var nonces = _services.GetRequiredService<INonceStore>();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < PrefilledNonces; i++)
        {
            await nonces.TryAddAsync(plain.Key.AccessKeyId, "prefill-" + i, now.AddMinutes(15), CancellationToken.None);
            await nonces.TryAddAsync(guarded.Key.AccessKeyId, "prefill-" + i, now.AddMinutes(15), CancellationToken.None);
        }

        // Warm the cache (its one store read per key) and prove both pools authenticate; the last requests are spent.
        var first = await _authenticator.AuthenticateAsync(_plain[^1], SourceIp, CancellationToken.None);
        var second = await _authenticator.AuthenticateAsync(_guarded[^1], SourceIp, CancellationToken.None);
        var outside = await _authenticator.AuthenticateAsync(_guarded[^2], "8.8.8.8", CancellationToken.None);
        if (!first.IsSuccess || !second.IsSuccess || outside.IsSuccess)
        {
            throw new InvalidOperationException($"benchmark requests do not behave: {first.Error?.Code} {second.Error?.Code} {outside.IsSuccess}");
        }

        _nextPlain = 0;
        _nextGuarded = 0;
    }

    private static ReceivedRequest[] Pool(CreatedAccessKey key)
    {
        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var now = TimeProvider.System.GetUtcNow();
        var pool = new ReceivedRequest[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            pool[i] = RequestSigner.SignV1(call, key.Key.AccessKeyId, key.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), now).ToReceivedRequest();
        }

        return pool;
    }
}
