using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Principals;
using Latchkey.Server;
using Latchkey.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Benchmarks;

/// <summary>
/// The whole HTTP path of an accepted signed call, in process: the real Latchkey web application
/// (<see cref="LatchkeyHost"/>: every middleware, routing, the RPC endpoint, Core, SQLite) driven
/// the way Kestrel drives it, through the host's <see cref="IHttpApplication{TContext}"/>
/// (CreateContext, ProcessRequestAsync, DisposeContext) with a reused feature collection that holds
/// the host context (as Kestrel pools it per connection), so that what is measured is Latchkey's
/// work and the framework's, not a socket. The baseline is the plain endpoint of
/// <c>bench/http-compare.sh</c> (a 201-byte JSON body) through the same driver: the difference
/// between a row and its baseline is what Latchkey adds to a request.
/// Each signed call needs a fresh nonce, so the rows walk pools of pre-signed STS
/// GetCallerIdentity requests (V1 GET query as pop-core sends it, V3 POST as the product clients
/// do) with a fixed invocation count; RAM ListAccessKeys (V3) adds the store read.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: InvocationsPerIteration)]
public class HttpPipelineBenchmarks
{
    private const int InvocationsPerIteration = 4096;
    private const int DefaultPoolSize = InvocationsPerIteration * 16;

    private static readonly byte[] PlainBody = Encoding.UTF8.GetBytes(
        "{\"RequestId\":\"6A2B4C3D-1E2F-4A5B-8C7D-9E0F1A2B3C4D\",\"AccountId\":\"1234567890123456\",\"UserId\":\"1234567890123456\",\"PrincipalId\":\"1234567890123456\",\"IdentityType\":\"Account\",\"Arn\":\"acs:ram::1234567890123456:root\"}");

    private string _dataFolder = "";
    private WebApplication _latchkey = null!;
    private WebApplication _plain = null!;
    private PipelineDriver _latchkeyDriver = null!;
    private PipelineDriver _plainDriver = null!;
    private BenchRequest _plainRequest = null!;
    private BenchRequest[] _v1 = [];
    private BenchRequest[] _v3 = [];
    private BenchRequest[] _list = [];
    private BenchRequest[] _v1Guarded = [];
    private BenchRequest[] _v3Guarded = [];
    private BenchRequest[] _v1Unguarded = [];
    private BenchRequest[] _v3Unguarded = [];
    private int _next;

    /// <summary>Pre-signed requests per row; <c>profile</c> (Program.cs) raises it for a longer loop.</summary>
    public int PoolSize { get; init; } = DefaultPoolSize;

    /// <summary>
    /// The pipeline as it was before the RPC branch and the hosting-diagnostics filter (2026-12-01):
    /// '/' routed like every other path, and hosting's per-request Activity and log scope on
    /// (pipeline-ratio compares the two in one process).
    /// </summary>
    public bool AsBeforeTheRootBranch { get; init; }

    /// <summary>A second key of the same account with <see cref="NetworkPolicyBenchmarks.Policy"/>, and V1/V3 pools signed by it (netpolicy-ratio).</summary>
    public bool WithNetworkPolicyKey { get; init; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _latchkey.StopAsync().GetAwaiter().GetResult();
        _plain.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_latchkey).Dispose();
        ((IDisposable)_plain).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("STS")]
    public Task<int> PlainKestrelEndpoint() => _plainDriver.RunAsync(_plainRequest);

    [Benchmark, BenchmarkCategory("STS")]
    public Task<int> V1_GetCallerIdentity() => _latchkeyDriver.RunAsync(_v1[_next++]);

    [Benchmark, BenchmarkCategory("STS")]
    public Task<int> V3_GetCallerIdentity() => _latchkeyDriver.RunAsync(_v3[_next++]);

    [Benchmark, BenchmarkCategory("STS")]
    public Task<int> V3_ListAccessKeys() => _latchkeyDriver.RunAsync(_list[_next++]);

    /// <summary>
    /// `netpolicy-ratio [rounds]`, the HTTP half: the whole pipeline (every middleware, routing, the
    /// RPC endpoint, the JSON body) for GetCallerIdentity signed by a key without a policy and by a
    /// key with the ten-network policy, V1 and V3, in alternating blocks; the fastest block of each.
    /// </summary>
    public static async Task<(double V1, double V3)> RunNetworkPolicyRatioAsync(int rounds, int block)
    {
        var bench = new HttpPipelineBenchmarks { PoolSize = rounds * block + 2, WithNetworkPolicyKey = true };
        await bench.SetupAsync();
        try
        {
            var pools = new[] { bench._v1Unguarded, bench._v1Guarded, bench._v3Unguarded, bench._v3Guarded };
            return await NetworkPolicyBenchmarks.MeasurePolicyRatioAsync("HTTP pipeline", rounds, block, async (kind, i) =>
                await bench._latchkeyDriver.RunAsync(pools[kind][i]) == 200);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>
    /// `pipeline-ratio [rounds]`: the pipeline as it was (<see cref="AsBeforeTheRootBranch"/>) and as
    /// it is, two hosts in one process, alternating blocks of the same kinds of request; the fastest
    /// block of each and the allocations per call.
    /// </summary>
    public static async Task RunPipelineRatioAsync(int rounds, int block)
    {
        var before = new HttpPipelineBenchmarks { PoolSize = rounds * block + 2, AsBeforeTheRootBranch = true };
        var after = new HttpPipelineBenchmarks { PoolSize = rounds * block + 2 };
        await before.SetupAsync();
        await after.SetupAsync();
        try
        {
            var kinds = new[] { "plain Kestrel endpoint", "V1 GetCallerIdentity", "V3 GetCallerIdentity", "V3 ListAccessKeys" };
            var best = new double[2, 4];
            var bytes = new long[2, 4];
            for (var k = 0; k < 4; k++)
            {
                best[0, k] = best[1, k] = double.MaxValue;
            }

            for (var round = 0; round < rounds; round++)
            {
                var next = round * block;
                for (var kind = 0; kind < 4; kind++)
                {
                    for (var which = 0; which < 2; which++)
                    {
                        var bench = which == 0 ? before : after;
                        var pool = kind switch { 1 => bench._v1, 2 => bench._v3, 3 => bench._list, _ => null };
                        var allocated = GC.GetAllocatedBytesForCurrentThread();
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        for (var i = next; i < next + block; i++)
                        {
                            var status = pool is null ? await bench._plainDriver.RunAsync(bench._plainRequest) : await bench._latchkeyDriver.RunAsync(pool[i]);
                            if (status != 200)
                            {
                                throw new InvalidOperationException("a benchmark request was not accepted");
                            }
                        }

                        best[which, kind] = Math.Min(best[which, kind], System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds / block);
                        bytes[which, kind] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / block;
                    }
                }
            }

            Console.WriteLine("| Request | before: ns | before: B | now: ns | now: B | now / before |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            for (var kind = 0; kind < 4; kind++)
            {
                Console.WriteLine(FormattableString.Invariant($"| {kinds[kind]} | {best[0, kind]:F0} | {bytes[0, kind]} | {best[1, kind]:F0} | {bytes[1, kind]} | {best[1, kind] / best[0, kind]:F3} |"));
            }
        }
        finally
        {
            before.Cleanup();
            after.Cleanup();
        }
    }

    private async Task SetupAsync()
    {
        _dataFolder = Path.Combine(Path.GetTempPath(), "latchkey-bench-http-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(_dataFolder);

        // The real server's builder and pipeline (default configuration, SQLite), on a captured IServer.
        var builder = LatchkeyHost.CreateBuilder(AsBeforeTheRootBranch
            ? ["--Storage:DataDirectory", _dataFolder, "--Api:AnswerRootBeforeRouting", "false"]
            : ["--Storage:DataDirectory", _dataFolder]);

        // The server's own logging (JSON console, default levels): no per-request line is written at
        // the default level, but whether a category is enabled decides what hosting does per request.
        builder.Logging.AddFilter("Latchkey", LogLevel.Warning); // only silences start-up
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (AsBeforeTheRootBranch)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        }

        builder.Services.AddSingleton<IServer, CapturingServer>();
        _latchkey = LatchkeyHost.Build(builder);
        await _latchkey.StartAsync();
        _latchkeyDriver = ((CapturingServer)_latchkey.Services.GetRequiredService<IServer>()).Driver!;

        var plainBuilder = WebApplication.CreateBuilder();
        plainBuilder.Logging.ClearProviders();
        plainBuilder.Services.AddSingleton<IServer, CapturingServer>();
        _plain = plainBuilder.Build();
        _plain.Map("/", static context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json;charset=utf-8";
            context.Response.ContentLength = PlainBody.Length;
            return context.Response.Body.WriteAsync(PlainBody).AsTask();
        });
        await _plain.StartAsync();
        _plainDriver = ((CapturingServer)_plain.Services.GetRequiredService<IServer>()).Driver!;
        _plainRequest = new BenchRequest("GET", "", [], ReadOnlyMemory<byte>.Empty);

        var services = _latchkey.Services;
        var account = await services.GetRequiredService<AccountService>().CreateAsync("bench", "Str0ng!Passw0rd", "127.0.0.1", "setup", CancellationToken.None);
        var actor = new AuditContext(new Principal(account.Value.AccountId, null, null, null), "127.0.0.1", "setup");
        var key = await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None);
        var accessKeyId = key.Value.Key.AccessKeyId;
        var secret = key.Value.Secret.Reveal();

        var identity = new RpcCall("GetCallerIdentity", "2015-04-01", []);
        var list = new RpcCall("ListAccessKeys", "2015-05-01", []);
        var now = TimeProvider.System.GetUtcNow();
        if (WithNetworkPolicyKey)
        {
            var guarded = (await services.GetRequiredService<AccessKeyService>().CreateAsync(actor, null, CancellationToken.None)).Value;
            var set = await services.GetRequiredService<Latchkey.Core.KeyGuard.AccessKeyGuardService>().SetNetworkPolicyAsync(actor, null, guarded.Key.AccessKeyId, NetworkPolicyBenchmarks.Policy, CancellationToken.None);
            if (!set.IsSuccess)
            {
                throw new InvalidOperationException(set.Error.Code);
            }

            var guardedSecret = guarded.Secret.Reveal();
            // Both keys' pools made in one loop, so that neither gets the better memory layout.
            _v1Guarded = new BenchRequest[PoolSize];
            _v3Guarded = new BenchRequest[PoolSize];
            _v1Unguarded = new BenchRequest[PoolSize];
            _v3Unguarded = new BenchRequest[PoolSize];
            for (var i = 0; i < PoolSize; i++)
            {
                _v1Unguarded[i] = BenchRequest.From(RequestSigner.SignV1(identity, accessKeyId, secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now));
                _v3Unguarded[i] = BenchRequest.From(RequestSigner.SignV3(identity, accessKeyId, secret, "127.0.0.1:8080", RequestSigner.NewNonce(), now));
                _v1Guarded[i] = BenchRequest.From(RequestSigner.SignV1(identity, guarded.Key.AccessKeyId, guardedSecret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now));
                _v3Guarded[i] = BenchRequest.From(RequestSigner.SignV3(identity, guarded.Key.AccessKeyId, guardedSecret, "127.0.0.1:8080", RequestSigner.NewNonce(), now));
            }
        }

        _v1 = new BenchRequest[PoolSize];
        _v3 = new BenchRequest[PoolSize];
        _list = new BenchRequest[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            _v1[i] = BenchRequest.From(RequestSigner.SignV1(identity, accessKeyId, secret, "GET", V1Placement.Query, RequestSigner.NewNonce(), now));
            _v3[i] = BenchRequest.From(RequestSigner.SignV3(identity, accessKeyId, secret, "127.0.0.1:8080", RequestSigner.NewNonce(), now));
            _list[i] = BenchRequest.From(RequestSigner.SignV3(list, accessKeyId, secret, "127.0.0.1:8080", RequestSigner.NewNonce(), now));
        }

        // The id set loads in the background; the first calls must not race it.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await _latchkeyDriver.RunAsync(_v1[^(attempt + 1)]) == 200)
            {
                break;
            }

            await Task.Delay(50);
        }

        var checks = new[] { await _latchkeyDriver.RunAsync(_v3[^1]), await _latchkeyDriver.RunAsync(_list[^1]), await _plainDriver.RunAsync(_plainRequest) };
        if (WithNetworkPolicyKey)
        {
            checks = [.. checks, await _latchkeyDriver.RunAsync(_v1Guarded[^1]), await _latchkeyDriver.RunAsync(_v3Guarded[^1])];
        }

        if (checks.Any(status => status != 200))
        {
            throw new InvalidOperationException($"benchmark requests are not accepted: {string.Join(", ", checks)}");
        }

        _next = 0;
    }

    /// <summary>One request as Kestrel would hand it over: method, path, query, headers, body.</summary>
    private sealed record BenchRequest(string Method, string QueryString, KeyValuePair<string, string>[] Headers, ReadOnlyMemory<byte> Body)
    {
        public string RawTarget { get; } = "/" + QueryString;

        public static BenchRequest From(SignedHttpRequest signed)
        {
            var question = signed.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
            var headers = signed.Headers.ToList();
            if (signed.ContentType is not null)
            {
                headers.Add(new("Content-Type", signed.ContentType));
            }

            if (!headers.Any(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new("Host", "127.0.0.1:8080"));
            }

            if (!signed.Body.IsEmpty)
            {
                headers.Add(new("Content-Length", signed.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return new BenchRequest(signed.Method, question < 0 ? "" : signed.PathAndQuery[question..], [.. headers], signed.Body);
        }
    }

    /// <summary>Takes the host's application instead of listening: the benchmark calls it directly.</summary>
    private sealed class CapturingServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public PipelineDriver? Driver { get; private set; }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            Driver = new PipelineDriver<TContext>(application);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private abstract class PipelineDriver
    {
        public abstract Task<int> RunAsync(BenchRequest request);
    }

    /// <summary>
    /// Kestrel's request loop without the socket: one feature collection per "connection", reset
    /// per request, holding the host context for reuse (<see cref="IHostContextContainer{TContext}"/>).
    /// </summary>
    private sealed class PipelineDriver<TContext>(IHttpApplication<TContext> application) : PipelineDriver
        where TContext : notnull
    {
        private readonly Connection _connection = new();

        public override async Task<int> RunAsync(BenchRequest request)
        {
            _connection.Reset(request);
            var context = application.CreateContext(_connection.Features);
            Exception? failure = null;
            try
            {
                await application.ProcessRequestAsync(context);
            }
            catch (Exception exception)
            {
                failure = exception;
                throw;
            }
            finally
            {
                application.DisposeContext(context, failure);
            }

            return _connection.Response.StatusCode;
        }

#pragma warning disable CA1001 // lives as long as the benchmark process, as a Kestrel connection would
        private sealed class Connection
#pragma warning restore CA1001
        {
            private readonly HttpRequestFeature _request = new();
            private readonly HeaderDictionary _requestHeaders = [];
            private readonly HeaderDictionary _responseHeaders = [];
            private readonly RequestBodyStream _requestBody = new();
            private readonly ResponseBody _responseBody = new();
            private readonly HttpConnectionFeature _connection = new() { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback, RemotePort = 40000, LocalPort = 8080, ConnectionId = "bench" };
            private readonly RequestLifetime _lifetime = new();
            private readonly BodyDetection _bodyDetection = new();

            public Connection()
            {
                Features.Set<IHttpRequestFeature>(_request);
                Features.Set<IHttpResponseFeature>(Response);
                Features.Set<IHttpResponseBodyFeature>(_responseBody);
                Features.Set<IHttpConnectionFeature>(_connection);
                Features.Set<IHttpRequestLifetimeFeature>(_lifetime);
                Features.Set<IHttpRequestBodyDetectionFeature>(_bodyDetection);
            }

            public ConnectionFeatures<TContext> Features { get; } = new();

            public ResettableResponse Response { get; } = new();

            public void Reset(BenchRequest request)
            {
                _requestHeaders.Clear();
                foreach (var (name, value) in request.Headers)
                {
                    _requestHeaders[name] = value;
                }

                _requestBody.Reset(request.Body);
                _bodyDetection.CanHaveBody = !request.Body.IsEmpty;
                _request.Protocol = "HTTP/1.1";
                _request.Scheme = "http";
                _request.Method = request.Method;
                _request.PathBase = "";
                _request.Path = "/";
                _request.QueryString = request.QueryString;
                _request.RawTarget = request.RawTarget;
                _request.Headers = _requestHeaders;
                _request.Body = _requestBody;
                _responseHeaders.Clear();
                Response.Reset(_responseHeaders);
            }
        }
    }

    /// <summary>As Kestrel's connection: the collection itself keeps the host context for the next request.</summary>
    private sealed class ConnectionFeatures<TContext> : FeatureCollection, IHostContextContainer<TContext>
        where TContext : notnull
    {
        public TContext? HostContext { get; set; }
    }

    private sealed class BodyDetection : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; set; }
    }

    private sealed class ResettableResponse : IHttpResponseFeature
    {
        public int StatusCode { get; set; } = 200;

        public string? ReasonPhrase { get; set; }

        public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

        public Stream Body { get; set; } = Stream.Null;

        public bool HasStarted => false;

        public void Reset(IHeaderDictionary headers)
        {
            StatusCode = 200;
            ReasonPhrase = null;
            Headers = headers;
        }

        public void OnStarting(Func<object, Task> callback, object state)
        {
        }

        public void OnCompleted(Func<object, Task> callback, object state)
        {
        }
    }

    private sealed class ResponseBody : IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream.Null, new StreamPipeWriterOptions(leaveOpen: true));

        public Task CompleteAsync() => Task.CompletedTask;

        public void DisableBuffering()
        {
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class RequestLifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public void Abort()
        {
        }
    }

    /// <summary>A read-only stream over the current request's body, reused across requests.</summary>
    private sealed class RequestBodyStream : Stream
    {
        private ReadOnlyMemory<byte> _body;
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _body.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public void Reset(ReadOnlyMemory<byte> body)
        {
            _body = body;
            _position = 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _body.Length - _position);
            _body.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
