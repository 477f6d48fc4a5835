using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Latchkey.Core;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authentication;
using Latchkey.Core.Principals;
using Latchkey.Signing;
using Latchkey.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Benchmarks;

/// <summary>
/// What Core adds on top of the signature check: <see cref="RequestAuthenticator.AuthenticateAsync(ReceivedRequest, string, CancellationToken)"/>
/// with a warmed <see cref="AccessKeyCache"/> (shape check, cache lookup, status, window, verify,
/// <see cref="InMemoryNonceStore"/>, <see cref="LastUseRecorder"/>) next to the bare
/// <see cref="ParsedRequest.TryParse"/> + <see cref="ParsedRequest.Verify(SigningKey)"/> of the same requests with a
/// prepared key (as Core verifies), so the difference is what Core adds.
/// Every call needs a fresh nonce, so each benchmark walks a pool of pre-signed STS
/// GetCallerIdentity requests (the load test's request), and the invocation count is fixed so the
/// pool is never exhausted. The nonce store is pre-filled with a window's worth of entries, as on
/// a server that has been up for a while (so its table does not grow during measurement).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet needs an unsealed class and releases it in [GlobalCleanup].")]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: InvocationsPerIteration)]
public class AuthenticationBenchmarks
{
    private const int InvocationsPerIteration = 8192;

    // Warm-up, measured iterations and BenchmarkDotNet's own overhead/pilot calls, with room to spare.
    private const int PoolSize = InvocationsPerIteration * 16;
    private const int PrefilledNonces = 1_000_000;
    private const string SourceIp = "127.0.0.1";

    private ServiceProvider _services = null!;
    private string _dataFolder = "";
    private RequestAuthenticator _authenticator = null!;
    private string _secret = "";
    private SigningKey _signingKey = null!;
    private ReceivedRequest[] _v1 = [];
    private ReceivedRequest[] _v3 = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _signingKey.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("V1")]
    public bool V1_ParseAndVerify() => ParseAndVerify(_v1[_next++]);

    [Benchmark, BenchmarkCategory("V1")]
    public async ValueTask<bool> V1_Authenticate() => (await _authenticator.AuthenticateAsync(_v1[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    [Benchmark(Baseline = true), BenchmarkCategory("V3")]
    public bool V3_ParseAndVerify() => ParseAndVerify(_v3[_next++]);

    [Benchmark, BenchmarkCategory("V3")]
    public async ValueTask<bool> V3_Authenticate() => (await _authenticator.AuthenticateAsync(_v3[_next++], SourceIp, CancellationToken.None)).IsSuccess;

    private bool ParseAndVerify(ReceivedRequest request) =>
        ParsedRequest.TryParse(request, out var parsed, out _) && parsed.Verify(_signingKey) is null;

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
        var accessKeyId = key.Value.Key.AccessKeyId;
        _secret = key.Value.Secret.Reveal();
        _signingKey = new SigningKey(_secret);
        _authenticator = _services.GetRequiredService<RequestAuthenticator>();

        var call = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var now = TimeProvider.System.GetUtcNow();
        _v1 = new ReceivedRequest[PoolSize];
        _v3 = new ReceivedRequest[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            _v1[i] = RequestSigner.SignV1(call, accessKeyId, _secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now).ToReceivedRequest();
            _v3[i] = RequestSigner.SignV3(call, accessKeyId, _secret, "127.0.0.1:8080", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), now).ToReceivedRequest();
        }

        var nonces = _services.GetRequiredService<INonceStore>();
        for (var i = 0; i < PrefilledNonces; i++)
        {
            await nonces.TryAddAsync(accessKeyId, "prefill-" + i, now.AddMinutes(15), CancellationToken.None);
        }

        // Warm the cache (the one store read) and check that the pools verify; these two nonces are spent.
        var first = await _authenticator.AuthenticateAsync(_v1[^1], SourceIp, CancellationToken.None);
        var third = await _authenticator.AuthenticateAsync(_v3[^1], SourceIp, CancellationToken.None);
        if (!first.IsSuccess || !third.IsSuccess || !ParseAndVerify(_v1[0]) || !ParseAndVerify(_v3[0]))
        {
            throw new InvalidOperationException($"benchmark requests do not authenticate: {first.Error?.Code} {third.Error?.Code}");
        }

        _next = 0;
    }
}
