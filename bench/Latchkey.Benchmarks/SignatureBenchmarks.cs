using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Latchkey.Signing;

namespace Latchkey.Benchmarks;

/// <summary>
/// Verification cost of a typical pop-core CreateUser call (13 parameters), V1 and V3, next to the
/// bare HMAC over the same StringToSign, which is the floor any verifier pays: computed from scratch
/// (the static <c>HashData</c>, the baseline) and with a prepared keyed HMAC reused across calls
/// (<c>IncrementalHash</c>), the floor for a verifier that keeps a <see cref="SigningKey"/>. The
/// <c>Native*</c> rows are the same floors through libcrypto's low-level SHA functions
/// (<see cref="NativeDigest"/>, what a <see cref="SigningKey"/> uses on Linux), and the
/// <c>*FrameworkDigest</c> rows verify with a key forced onto the framework's hashes (as before).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet needs an unsealed class and releases it in [GlobalCleanup].")]
public class SignatureBenchmarks
{
    private const string Secret = "ExampleSecretExampleSecret0001";

    private readonly byte[] _v1Key = Encoding.UTF8.GetBytes(Secret + "&");
    private readonly byte[] _v3Key = Encoding.UTF8.GetBytes(Secret);
    private readonly byte[] _mac = new byte[32];
    private ReceivedRequest _v1Request = null!;
    private ReceivedRequest _v3Request = null!;
    private ParsedRequest _v1Parsed = null!;
    private ParsedRequest _v3Parsed = null!;
    private byte[] _v1StringToSign = [];
    private byte[] _v3StringToSign = [];
    private byte[] _v3CanonicalRequest = [];
    private IncrementalHash _v1Hmac = null!;
    private IncrementalHash _v3Hmac = null!;
    private SigningKey _signingKey = null!;
    private SigningKey _frameworkKey = null!;
    private byte[] _nativeMidstates = [];

    [GlobalSetup]
    public void Setup()
    {
        var call = new RpcCall("CreateUser", "2015-05-01",
        [
            new("UserName", "alice.w"),
            new("DisplayName", "Alice W 张"),
            new("Comments", "it's (ok)! created by the platform team"),
            new("Email", "alice@example.com"),
            new("MobilePhone", "86-18600000000"),
        ]);
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var v1 = RequestSigner.SignV1(call, "LTAI5tExampleKeyId000001", Secret, "POST", V1Placement.Form, "72b6ad1c9e7b739068333bdd365a0c01", at);
        var v3 = RequestSigner.SignV3(call, "LTAI5tExampleKeyId000001", Secret, "127.0.0.1:8080", "965f31d855249f3070e5544ceb020b2cbd12f69cba0acd67750c7d5dd75795c4", at);
        _v1Hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _v1Key);
        _v3Hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _v3Key);
        _signingKey = new SigningKey(Secret);
        _frameworkKey = new SigningKey(Secret, useNativeDigest: false);
        if (!_signingKey.UsesNativeDigest)
        {
            // The Native* rows need the library; say why it is missing rather than crash in them.
            Console.WriteLine("Native digests unavailable: " + NativeDigest.Status);
        }
        else
        {
            _nativeMidstates = new byte[4 * NativeHash.ContextBytes];
            NativeDigest.Sha1.PrepareHmac(_v1Key, _nativeMidstates.AsSpan(0, NativeHash.ContextBytes), _nativeMidstates.AsSpan(NativeHash.ContextBytes, NativeHash.ContextBytes));
            NativeDigest.Sha256.PrepareHmac(_v3Key, _nativeMidstates.AsSpan(2 * NativeHash.ContextBytes, NativeHash.ContextBytes), _nativeMidstates.AsSpan(3 * NativeHash.ContextBytes));
        }

        _v1Request = v1.ToReceivedRequest();
        _v3Request = v3.ToReceivedRequest();
        _v1StringToSign = Encoding.ASCII.GetBytes(v1.StringToSign);
        _v3StringToSign = Encoding.ASCII.GetBytes(v3.StringToSign);
        _v3CanonicalRequest = Encoding.UTF8.GetBytes(Parse(_v3Request).GetCanonicalString());
        _v1Parsed = Parse(_v1Request);
        _v3Parsed = Parse(_v3Request);
        if (_v1Parsed.Verify(Secret) is not null || _v3Parsed.Verify(Secret) is not null
            || _v1Parsed.Verify(_signingKey) is not null || _v3Parsed.Verify(_signingKey) is not null
            || _v1Parsed.Verify(_frameworkKey) is not null || _v3Parsed.Verify(_frameworkKey) is not null)
        {
            throw new InvalidOperationException("benchmark requests do not verify");
        }
    }

#pragma warning disable CA5350 // V1 is defined with HMAC-SHA1; this is its floor.
    [Benchmark(Baseline = true), BenchmarkCategory("V1")]
    public int V1_BareHmacSha1() => HMACSHA1.HashData(_v1Key, _v1StringToSign, _mac);
#pragma warning restore CA5350

    /// <summary>The floor with a prepared key: the keyed HMAC state is reused, only the data is hashed.</summary>
    [Benchmark, BenchmarkCategory("V1")]
    public int V1_PreparedHmacSha1()
    {
        _v1Hmac.AppendData(_v1StringToSign);
        return _v1Hmac.GetHashAndReset(_mac);
    }

    /// <summary>HMAC-SHA1 from scratch on libcrypto's low-level SHA-1: pads absorbed per call.</summary>
    [Benchmark, BenchmarkCategory("V1")]
    public int V1_NativeBareHmacSha1()
    {
        NativeDigest.Sha1.HmacData(_v1Key, _v1StringToSign, _mac);
        return _mac[0];
    }

    /// <summary>The native floor with a prepared key: copy the midstates, hash the data and the inner digest.</summary>
    [Benchmark, BenchmarkCategory("V1")]
    public int V1_NativePreparedHmacSha1()
    {
        NativeDigest.Sha1.ComputeHmac(_nativeMidstates.AsSpan(0, NativeHash.ContextBytes), _nativeMidstates.AsSpan(NativeHash.ContextBytes, NativeHash.ContextBytes), _v1StringToSign, _mac);
        return _mac[0];
    }

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_VerifyOnly() => _v1Parsed.Verify(Secret) is null;

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_VerifyPreparedKey() => _v1Parsed.Verify(_signingKey) is null;

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_ParseAndVerify() => Parse(_v1Request).Verify(Secret) is null;

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_ParseAndVerifyPreparedKey() => Parse(_v1Request).Verify(_signingKey) is null;

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_VerifyPreparedKeyFrameworkDigest() => _v1Parsed.Verify(_frameworkKey) is null;

    [Benchmark, BenchmarkCategory("V1")]
    public bool V1_ParseAndVerifyPreparedKeyFrameworkDigest() => Parse(_v1Request).Verify(_frameworkKey) is null;

    [Benchmark(Baseline = true), BenchmarkCategory("V3")]
    public int V3_BareHmacSha256() => HMACSHA256.HashData(_v3Key, _v3StringToSign, _mac);

    /// <summary>The V3 floor: the algorithm itself hashes the canonical request before the HMAC.</summary>
    [Benchmark, BenchmarkCategory("V3")]
    public int V3_BareSha256ThenHmac()
    {
        SHA256.HashData(_v3CanonicalRequest, _mac);
        return HMACSHA256.HashData(_v3Key, _v3StringToSign, _mac);
    }

    /// <summary>The floor with a prepared key: the keyed HMAC state is reused, only the data is hashed.</summary>
    [Benchmark, BenchmarkCategory("V3")]
    public int V3_PreparedHmacSha256()
    {
        _v3Hmac.AppendData(_v3StringToSign);
        return _v3Hmac.GetHashAndReset(_mac);
    }

    /// <summary>The V3 floor with a prepared key: SHA-256 of the canonical request, then the reused HMAC.</summary>
    [Benchmark, BenchmarkCategory("V3")]
    public int V3_Sha256ThenPreparedHmac()
    {
        SHA256.HashData(_v3CanonicalRequest, _mac);
        _v3Hmac.AppendData(_v3StringToSign);
        return _v3Hmac.GetHashAndReset(_mac);
    }

    [Benchmark, BenchmarkCategory("V3")]
    public int V3_NativeBareHmacSha256()
    {
        NativeDigest.Sha256.HmacData(_v3Key, _v3StringToSign, _mac);
        return _mac[0];
    }

    [Benchmark, BenchmarkCategory("V3")]
    public int V3_NativePreparedHmacSha256()
    {
        NativeDigest.Sha256.ComputeHmac(_nativeMidstates.AsSpan(2 * NativeHash.ContextBytes, NativeHash.ContextBytes), _nativeMidstates.AsSpan(3 * NativeHash.ContextBytes), _v3StringToSign, _mac);
        return _mac[0];
    }

    /// <summary>V3's floor on the native path: SHA-256 of the canonical request, then the prepared HMAC.</summary>
    [Benchmark, BenchmarkCategory("V3")]
    public int V3_NativeSha256ThenPreparedHmac()
    {
        NativeDigest.Sha256.HashData(_v3CanonicalRequest, _mac);
        return V3_NativePreparedHmacSha256();
    }

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_VerifyOnly() => _v3Parsed.Verify(Secret) is null;

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_VerifyPreparedKey() => _v3Parsed.Verify(_signingKey) is null;

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_ParseAndVerify() => Parse(_v3Request).Verify(Secret) is null;

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_ParseAndVerifyPreparedKey() => Parse(_v3Request).Verify(_signingKey) is null;

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_VerifyPreparedKeyFrameworkDigest() => _v3Parsed.Verify(_frameworkKey) is null;

    [Benchmark, BenchmarkCategory("V3")]
    public bool V3_ParseAndVerifyPreparedKeyFrameworkDigest() => Parse(_v3Request).Verify(_frameworkKey) is null;

    /// <summary>
    /// <c>signature-ratio [rounds]</c>: the rows that the issue-10 target compares (bare HMAC,
    /// prepared HMAC, verify and parse + verify with a <see cref="SigningKey"/>), interleaved in
    /// blocks, each row's fastest block kept: on a machine shared with builds, the fastest block
    /// is the one least disturbed, and interleaving puts every row through the same disturbance.
    /// Prints ns per call, bytes per call (exact) and the ratio to the bare HMAC.
    /// </summary>
    public static int RunRatio(int rounds, string? only = null)
    {
        var bench = new SignatureBenchmarks();
        bench.Setup();
        try
        {
            // Bare = the issue's baseline (the framework's HashData); NativeBare = the same HMAC from
            // scratch on libcrypto's low-level SHA, so each row is also shown against that floor.
            (string Name, string Version, Action Call)[] rows =
            [
                ("V1_BareHmacSha1", "V1", () => bench.V1_BareHmacSha1()),
                ("V1_NativeBareHmacSha1", "V1", () => bench.V1_NativeBareHmacSha1()),
                ("V1_PreparedHmacSha1", "V1", () => bench.V1_PreparedHmacSha1()),
                ("V1_NativePreparedHmacSha1", "V1", () => bench.V1_NativePreparedHmacSha1()),
                ("V1_VerifyPreparedKeyFrameworkDigest", "V1", () => bench.V1_VerifyPreparedKeyFrameworkDigest()),
                ("V1_VerifyPreparedKey", "V1", () => bench.V1_VerifyPreparedKey()),
                ("V1_ParseAndVerifyPreparedKeyFrameworkDigest", "V1", () => bench.V1_ParseAndVerifyPreparedKeyFrameworkDigest()),
                ("V1_ParseAndVerifyPreparedKey", "V1", () => bench.V1_ParseAndVerifyPreparedKey()),
                ("V3_BareHmacSha256", "V3", () => bench.V3_BareHmacSha256()),
                ("V3_NativeBareHmacSha256", "V3", () => bench.V3_NativeBareHmacSha256()),
                ("V3_PreparedHmacSha256", "V3", () => bench.V3_PreparedHmacSha256()),
                ("V3_NativePreparedHmacSha256", "V3", () => bench.V3_NativePreparedHmacSha256()),
                ("V3_Sha256ThenPreparedHmac", "V3", () => bench.V3_Sha256ThenPreparedHmac()),
                ("V3_NativeSha256ThenPreparedHmac", "V3", () => bench.V3_NativeSha256ThenPreparedHmac()),
                ("V3_VerifyPreparedKeyFrameworkDigest", "V3", () => bench.V3_VerifyPreparedKeyFrameworkDigest()),
                ("V3_VerifyPreparedKey", "V3", () => bench.V3_VerifyPreparedKey()),
                ("V3_ParseAndVerifyPreparedKeyFrameworkDigest", "V3", () => bench.V3_ParseAndVerifyPreparedKeyFrameworkDigest()),
                ("V3_ParseAndVerifyPreparedKey", "V3", () => bench.V3_ParseAndVerifyPreparedKey()),
            ];
            if (!bench._signingKey.UsesNativeDigest)
            {
                rows = [.. rows.Where(r => !r.Name.Contains("Native", StringComparison.Ordinal))];
            }

            const int Block = 4096;
            var best = new double[rows.Length];
            var bytes = new long[rows.Length];
            Array.Fill(best, double.MaxValue);
            for (var round = 0; round < rounds; round++)
            {
                for (var row = 0; row < rows.Length; row++)
                {
                    if (only is not null && rows[row].Name != only)
                    {
                        continue;
                    }

                    var call = rows[row].Call;
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    for (var i = 0; i < Block; i++)
                    {
                        call();
                    }

                    var perCall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds / Block;
                    var perCallBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Block;
                    best[row] = Math.Min(best[row], perCall);
                    bytes[row] = perCallBytes;
                }
            }

            Console.WriteLine(System.FormattableString.Invariant($"{"row",-44} {"ns",8}    {"B",6}  {"/bare HMAC",10} {"/native bare",12}   digests: {NativeDigest.Status}"));
            for (var row = 0; row < rows.Length; row++)
            {
                if (best[row] == double.MaxValue)
                {
                    continue;
                }

                var bare = Best(rows[row].Version + (rows[row].Version == "V1" ? "_BareHmacSha1" : "_BareHmacSha256"));
                var nativeBare = Best(rows[row].Version + (rows[row].Version == "V1" ? "_NativeBareHmacSha1" : "_NativeBareHmacSha256"));
                var toNative = nativeBare is { } n ? System.FormattableString.Invariant($"{best[row] / n,12:F2}") : $"{"-",12}";
                var toBare = bare is { } b ? System.FormattableString.Invariant($"{best[row] / b,10:F2}") : $"{"-",10}";
                Console.WriteLine(System.FormattableString.Invariant($"{rows[row].Name,-44} {best[row],8:F0} ns {bytes[row],6} B  {toBare} {toNative}"));
            }

            double? Best(string name)
            {
                var index = Array.FindIndex(rows, r => r.Name == name);
                return index >= 0 && best[index] != double.MaxValue ? best[index] : null;
            }

            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _v1Hmac.Dispose();
        _v3Hmac.Dispose();
        _signingKey.Dispose();
        _frameworkKey.Dispose();
    }

    private static ParsedRequest Parse(ReceivedRequest request) =>
        ParsedRequest.TryParse(request, out var parsed, out var error) ? parsed : throw new InvalidOperationException(error.Code);
}
