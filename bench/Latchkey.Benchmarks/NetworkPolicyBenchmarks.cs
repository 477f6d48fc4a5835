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

    /// <summary>Ten networks, the loopback source matching only the last: the most comparisons an allowed request costs.</summary>
    internal const string Policy =
        """{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","198.51.100.0/24","203.0.113.0/24","192.0.2.0/24","2001:db8::/32","fd00::/8","100.64.0.0/10","127.0.0.0/8"]}]}""";

    private static readonly AccessKeyNetworkPolicy ParsedPolicy = AccessKeyNetworkPolicy.Parse(Policy).Value;

    private ServiceProvider _services = null!;
    private string _dataFolder = "";
    private RequestAuthenticator _authenticator = null!;
    private ReceivedRequest[] _plain = [];
    private ReceivedRequest[] _guarded = [];
    private ReceivedRequest[] _plainV3 = [];
    private ReceivedRequest[] _guardedV3 = [];
    private int _nextPlain;
    private int _nextGuarded;

    [GlobalSetup]
    public void Setup() => SetupAsync(PoolSize, withV3: false).GetAwaiter().GetResult();

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

    /// <summary>
    /// `netpolicy-ratio [rounds]`, the authenticator half: alternating blocks of V1 and V3 requests
    /// signed by the key without a policy and by the key with the ten-network policy, the fastest
    /// block of each kept (as in <see cref="SessionAuthenticationBenchmarks.RunRatioAsync"/>).
    /// </summary>
    public static async Task<(double V1, double V3)> RunRatioAsync(int rounds, int block)
    {
        var bench = new NetworkPolicyBenchmarks();
        await bench.SetupAsync(rounds * block + 2, withV3: true);
        try
        {
            var pools = new[] { bench._plain, bench._guarded, bench._plainV3, bench._guardedV3 };
            return await MeasurePolicyRatioAsync("authenticator", rounds, block, async (kind, i) =>
                (await bench._authenticator.AuthenticateAsync(pools[kind][i], SourceIp, CancellationToken.None)).IsSuccess);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>
    /// The interleaving both halves of `netpolicy-ratio` share: per round, one block of
    /// <paramref name="block"/> calls of each kind (0: V1 without a policy, 1: V1 with one, 2 and
    /// 3: the same for V3); keeps each kind's fastest block and prints it under <paramref name="path"/>.
    /// </summary>
    internal static async Task<(double V1, double V3)> MeasurePolicyRatioAsync(string path, int rounds, int block, Func<int, int, Task<bool>> call)
    {
        var names = new[] { "V1 key without a policy", "V1 key with a 10-network policy", "V3 key without a policy", "V3 key with a 10-network policy" };
        var best = new double[4];
        var bytes = new long[4];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            var next = round * block;
            for (var kind = 0; kind < 4; kind++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                for (var i = next; i < next + block; i++)
                {
                    if (!await call(kind, i))
                    {
                        throw new InvalidOperationException($"a benchmark request was refused ({path})");
                    }
                }

                best[kind] = Math.Min(best[kind], System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds / block);
                bytes[kind] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / block;
            }
        }

        for (var kind = 0; kind < 4; kind++)
        {
            var ratio = kind % 2 == 1 ? FormattableString.Invariant($"  ratio {best[kind] / best[kind - 1]:F3}") : "";
            Console.WriteLine(FormattableString.Invariant($"{path,-14} {names[kind],-32} {best[kind],8:F0} ns  {bytes[kind],5} B{ratio}"));
        }

        return (best[1] / best[0], best[3] / best[2]);
    }

    private async Task SetupAsync(int poolSize, bool withV3)
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
        // Both keys' pools made in one loop, so that neither gets the better memory layout.
        (_plain, _guarded) = Pools(plain, guarded, poolSize, v3: false);
        if (withV3)
        {
            (_plainV3, _guardedV3) = Pools(plain, guarded, poolSize, v3: true);
        }

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

    private static (ReceivedRequest[] Plain, ReceivedRequest[] Guarded) Pools(CreatedAccessKey plain, CreatedAccessKey guarded, int size, bool v3)
    {
        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var now = TimeProvider.System.GetUtcNow();
        var plainPool = new ReceivedRequest[size];
        var guardedPool = new ReceivedRequest[size];
        for (var i = 0; i < size; i++)
        {
            plainPool[i] = Sign(plain);
            guardedPool[i] = Sign(guarded);
        }

        return (plainPool, guardedPool);

        ReceivedRequest Sign(CreatedAccessKey key) => (v3
            ? RequestSigner.SignV3(call, key.Key.AccessKeyId, key.Secret.Reveal(), "127.0.0.1:8080", RequestSigner.NewNonce(), now)
            : RequestSigner.SignV1(call, key.Key.AccessKeyId, key.Secret.Reveal(), "GET", V1Placement.Query, RequestSigner.NewNonce(), now)).ToReceivedRequest();
    }
}
