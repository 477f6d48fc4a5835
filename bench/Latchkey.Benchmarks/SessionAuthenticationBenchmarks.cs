using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Roles;
using Latchkey.Core.Sts;
using Latchkey.Signing;
using Latchkey.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Benchmarks;

/// <summary>
/// A request signed with temporary credentials (STS AccessKeyId + SecurityToken) next to the same
/// request signed with a long-term AccessKey, through <see cref="RequestAuthenticator"/> with warm
/// caches: the session path looks its opened token up by text, checks the role in the permission
/// cache and verifies; the key path looks the key up and verifies. Pools of pre-signed STS
/// GetCallerIdentity requests as in <see cref="AuthenticationBenchmarks"/> (fresh nonce each).
/// The figure that matters is the Ratio column of the Session rows (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: InvocationsPerIteration)]
public class SessionAuthenticationBenchmarks
{
    private const int InvocationsPerIteration = 8192;
    private const int PoolSize = InvocationsPerIteration * 16;
    private const int PrefilledNonces = 200_000;
    private const string SourceIp = "127.0.0.1";

    private ServiceProvider _services = null!;
    private string _dataFolder = "";
    private RequestAuthenticator _authenticator = null!;
    private ReceivedRequest[] _keyV1 = [];
    private ReceivedRequest[] _sessionV1 = [];
    private ReceivedRequest[] _keyV3 = [];
    private ReceivedRequest[] _sessionV3 = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("V1")]
    public async ValueTask<bool> V1_KeySigned() => (await _authenticator.AuthenticateAsync(_keyV1[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    [Benchmark, BenchmarkCategory("V1")]
    public async ValueTask<bool> V1_SessionSigned() => (await _authenticator.AuthenticateAsync(_sessionV1[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    [Benchmark(Baseline = true), BenchmarkCategory("V3")]
    public async ValueTask<bool> V3_KeySigned() => (await _authenticator.AuthenticateAsync(_keyV3[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    [Benchmark, BenchmarkCategory("V3")]
    public async ValueTask<bool> V3_SessionSigned() => (await _authenticator.AuthenticateAsync(_sessionV3[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    /// <summary>
    /// `session-ratio [rounds]`: the same requests timed in alternating blocks (key-signed, then
    /// session-signed, V1 and V3), the fastest block of each kind kept: a ratio that the noise of a
    /// shared machine moves far less than BenchmarkDotNet's means (docs/performance.md).
    /// </summary>
    public static async Task<int> RunRatioAsync(int rounds)
    {
        var bench = new SessionAuthenticationBenchmarks();
        await bench.SetupAsync();
        try
        {
            const int Block = 2048;
            var best = new double[4];
            Array.Fill(best, double.MaxValue);
            var pools = new[] { bench._keyV1, bench._sessionV1, bench._keyV3, bench._sessionV3 };
            var bytes = new long[4];
            var next = 0;
            for (var round = 0; round < rounds && next + Block <= PoolSize; round++, next += Block)
            {
                for (var kind = 0; kind < 4; kind++)
                {
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    for (var i = next; i < next + Block; i++)
                    {
                        if (!(await bench._authenticator.AuthenticateAsync(pools[kind][i], SourceIp, CancellationToken.None)).IsSuccess)
                        {
                            throw new InvalidOperationException("a benchmark request did not authenticate");
                        }
                    }

                    var perCall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds / Block;
                    best[kind] = Math.Min(best[kind], perCall);
                    bytes[kind] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Block;
                }
            }

            Console.WriteLine($"V1 key-signed     {best[0],8:F0} ns  {bytes[0],5} B");
            Console.WriteLine($"V1 session-signed {best[1],8:F0} ns  {bytes[1],5} B  ratio {best[1] / best[0]:F3}");
            Console.WriteLine($"V3 key-signed     {best[2],8:F0} ns  {bytes[2],5} B");
            Console.WriteLine($"V3 session-signed {best[3],8:F0} ns  {bytes[3],5} B  ratio {best[3] / best[2]:F3}");
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

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
        var key = await _services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        var trust = $$$"""{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::{{{account.Value.AccountId}}}:root"]}}]}""";
        var role = await _services.GetRequiredService<RoleService>().CreateAsync(actor, "bench-role", trust, null, 43200, CancellationToken.None);
        var facts = new AuthorizationContext(System.Net.IPAddress.Loopback, TimeProvider.System.GetUtcNow(), false, false);
        var assumed = await _services.GetRequiredService<StsService>().AssumeRoleAsync(
            actor, new AssumeRoleInput(role.Value.Arn, "bench-session", 43200, null, null, null), facts, CancellationToken.None);
        _authenticator = _services.GetRequiredService<RequestAuthenticator>();

        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var now = TimeProvider.System.GetUtcNow();
        var keyId = key.Value.Key.AccessKeyId;
        var keySecret = key.Value.Secret.Reveal();
        var sessionId = assumed.Value.AccessKeyId;
        var sessionSecret = assumed.Value.AccessKeySecret.Reveal();
        var token = assumed.Value.SecurityToken;
        _keyV1 = new ReceivedRequest[PoolSize];
        _sessionV1 = new ReceivedRequest[PoolSize];
        _keyV3 = new ReceivedRequest[PoolSize];
        _sessionV3 = new ReceivedRequest[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            _keyV1[i] = RequestSigner.SignV1(call, keyId, keySecret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now).ToReceivedRequest();
            _sessionV1[i] = RequestSigner.SignV1(call, sessionId, sessionSecret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now, token).ToReceivedRequest();
            _keyV3[i] = RequestSigner.SignV3(call, keyId, keySecret, "127.0.0.1:8080", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), now).ToReceivedRequest();
            _sessionV3[i] = RequestSigner.SignV3(call, sessionId, sessionSecret, "127.0.0.1:8080", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), now, securityToken: token).ToReceivedRequest();
        }

        var nonces = _services.GetRequiredService<INonceStore>();
        for (var i = 0; i < PrefilledNonces; i++)
        {
            await nonces.TryAddAsync(keyId, "prefill-" + i, now.AddMinutes(15), CancellationToken.None);
            await nonces.TryAddAsync(sessionId, "prefill-" + i, now.AddMinutes(15), CancellationToken.None);
        }

        // Warm both paths (the key's store read; the token's unsealing and the role's load); these nonces are spent.
        foreach (var request in new[] { _keyV1[^1], _sessionV1[^1], _keyV3[^1], _sessionV3[^1] })
        {
            var warm = await _authenticator.AuthenticateAsync(request, SourceIp, CancellationToken.None);
            if (!warm.IsSuccess)
            {
                throw new InvalidOperationException($"benchmark requests do not authenticate: {warm.Error.Code}");
            }
        }

        _next = 0;
    }
}
