using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Latchkey.Signing.Tests.Fuzz;

/// <summary>
/// DESIGN invariant 6 under fuzzing, in process: valid V1 (GET query, POST query, POST form) and V3
/// (query or signed form body) requests with odd parameters are mutated on the wire, then parsed,
/// canonicalised and verified with the right key. The oracle: a request that verifies carries
/// exactly the signed parameters (same names and values, same count), the signed action, version,
/// AccessKeyId and nonce; nothing throws; no case takes long; memory stays bounded.
/// </summary>
/// <remarks>
/// <see cref="FuzzBudget.Cases"/> cases per run (default 20,000; <c>LATCHKEY_FUZZ_CASES=1000000</c>
/// for the documented long run, docs/security.md), split over the processor count.
/// </remarks>
public sealed class SignedParametersFuzzTests(ITestOutputHelper output)
{
    private const string AccessKeyId = "LKFUZZAAAAAAAAAAAAAAAAAA";
    private const string Secret = "FuzzSecretFuzzSecretFuzzSecret01";

    [Fact]
    public void MutatedSignedRequests_VerifyOnlyWithExactlyTheSignedParameters()
    {
        var total = FuzzBudget.Cases(20_000);
        var workers = Math.Max(2, Environment.ProcessorCount);
        using var key = new SigningKey(Secret);
        var results = new WorkerResult[workers];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            results[w] = Run(0xF022_0000UL + (ulong)w, total / workers + (w < total % workers ? 1 : 0), key));
        clock.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var failures = results.SelectMany(r => r.Failures).ToList();
        var accepted = results.Sum(r => r.Accepted);
        var slowest = results.Max(r => r.SlowestTicks);
        var outcomes = results.SelectMany(r => r.Outcomes).GroupBy(o => o.Key).OrderByDescending(g => g.Sum(o => o.Value))
            .Select(g => $"{g.Sum(o => o.Value),8} {g.Key}");
        output.WriteLine($"{total} cases in {clock.Elapsed.TotalSeconds:F1} s on {workers} workers; {accepted} verified; slowest case {TimeSpan.FromTicks(slowest).TotalMilliseconds:F1} ms; heap {before / 1024} KB -> {after / 1024} KB");
        output.WriteLine(string.Join('\n', outcomes));

        Assert.True(failures.Count == 0, $"{failures.Count} violations:\n" + string.Join('\n', failures.Take(10)));
        // The oracle must have had work: mutations that keep a request valid (re-encoding, moving V1
        // parameters between query and form, ignored bodies) verify, and most others do not.
        Assert.True(accepted > total / 20, $"only {accepted} of {total} cases verified");
        Assert.True(accepted < total - (total / 4), $"{accepted} of {total} cases verified: the mutations are not biting");
        Assert.True(TimeSpan.FromTicks(slowest) < TimeSpan.FromSeconds(2), $"a case took {TimeSpan.FromTicks(slowest)}");
        Assert.True(after - before < 64L * 1024 * 1024, $"heap grew from {before} to {after} bytes");
    }

    private static WorkerResult Run(ulong seed, int count, SigningKey key)
    {
        var rng = new FuzzRandom(seed);
        var result = new WorkerResult();
        var timer = new Stopwatch();
        for (var i = 0; i < count; i++)
        {
            var signed = WireRequest.Sign(rng, AccessKeyId, Secret);
            var wire = signed.Clone();
            if (!rng.Chance(10))
            {
                WireMutator.Mutate(wire, rng);
            }

            timer.Restart();
            string outcome;
            try
            {
                var parsed = ParsedRequest.Parse(wire.ToReceivedRequest());
                var error = parsed.Verify(key);
                if (parsed.Error is null)
                {
                    // The canonicaliser must cope with whatever parsed.
                    _ = parsed.GetStringToSign();
                    _ = parsed.GetCanonicalString();
                }

                outcome = error?.Code ?? "verified";
                if (error is null)
                {
                    result.Accepted++;
                    if (Oracle(signed, parsed) is { } violation)
                    {
                        result.Failures.Add($"seed 0x{seed:X} #{i}: {violation}\n  {wire}");
                    }
                }
                else if (error.HttpStatus is < 400 or >= 500)
                {
                    result.Failures.Add($"seed 0x{seed:X} #{i}: status {error.HttpStatus} for {error.Code}\n  {wire}");
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                outcome = "exception";
                result.Failures.Add($"seed 0x{seed:X} #{i}: {exception.GetType().Name}: {exception.Message}\n  {wire}");
            }

            timer.Stop();
            result.SlowestTicks = Math.Max(result.SlowestTicks, timer.Elapsed.Ticks);
            result.Outcomes[outcome] = result.Outcomes.GetValueOrDefault(outcome) + 1;
        }

        return result;
    }

    /// <summary>Null when the verified request says exactly what was signed, else what differs.</summary>
    private static string? Oracle(WireRequest signed, ParsedRequest parsed)
    {
        if (parsed.Action != signed.Action || parsed.Version != signed.Version || parsed.AccessKeyId != AccessKeyId || parsed.SignatureNonce != signed.Nonce)
        {
            return $"verified as {parsed.Action}/{parsed.Version}/{parsed.AccessKeyId}/{parsed.SignatureNonce}";
        }

        var expected = signed.SignedParameters.Select(Pair).Order(StringComparer.Ordinal).ToList();
        var actual = parsed.Parameters.Select(Pair).Order(StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(actual))
        {
            return $"parameters {string.Join(", ", actual.Except(expected).Take(3))} not signed, {string.Join(", ", expected.Except(actual).Take(3))} missing ({actual.Count} vs {expected.Count})";
        }

        return null;
    }

    private static string Pair(KeyValuePair<string, string> p) => Escape(p.Key) + "=" + Escape(p.Value);

    private static string Escape(string text) => Uri.EscapeDataString(text.Length > 40 ? text[..40] + "…" : text);

    private sealed class WorkerResult
    {
        public List<string> Failures { get; } = [];

        public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

        public int Accepted { get; set; }

        public long SlowestTicks { get; set; }
    }
}
