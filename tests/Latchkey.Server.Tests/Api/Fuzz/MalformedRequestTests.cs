using System.Reflection;
using System.Text.Json;
using System.Text;
using System.Xml.Linq;
using Latchkey.Core.Results;
using Latchkey.Server.Console;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Xunit.Abstractions;

namespace Latchkey.Server.Tests.Api.Fuzz;

/// <summary>
/// Thousands of seeded mutations of valid V1 GET, V1 POST form and V3 requests, through the real
/// pipeline. Every answer must be an Alibaba error (4xx, RequestId/Code/Message, Code and status as
/// catalogued) or, for a request the mutation left valid, an Alibaba success; never a 5xx, never a
/// stack trace, never an error-level log entry, never a hang. And the oracle of DESIGN invariant 6:
/// a handler that runs is given exactly the parameters the client signed, nothing smuggled in.
/// A failure names the seed, the case index and the mutations.
/// </summary>
/// <remarks>
/// 1,500 cases per shape by default; <c>LATCHKEY_FUZZ_CASES=N</c> runs N per shape (docs/security.md).
/// </remarks>
public sealed class MalformedRequestTests(LatchkeyFactory factory, ITestOutputHelper output) : IClassFixture<LatchkeyFactory>
{
    private static readonly int CasesPerShape =
        int.TryParse(Environment.GetEnvironmentVariable("LATCHKEY_FUZZ_CASES"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cases) && cases > 0 ? cases : 1500;

    private static readonly Dictionary<string, int> Catalogue = BuildCatalogue();

    [Fact]
    public Task MutatedV1GetRequests_AlwaysAnswerWithCataloguedErrors() => RunAsync(0x5EED_0001, FuzzCases.V1Get);

    [Fact]
    public Task MutatedV1PostFormRequests_AlwaysAnswerWithCataloguedErrors() => RunAsync(0x5EED_0002, FuzzCases.V1PostForm);

    [Fact]
    public Task MutatedV3Requests_AlwaysAnswerWithCataloguedErrors() => RunAsync(0x5EED_0003, FuzzCases.V3);

    private async Task RunAsync(ulong seed, Func<TestAccount, RpcCall, XorShift, SignedHttpRequest> sign)
    {
        var key = await factory.CreateAccountAsync();
        var failures = new List<string>();
        var errors = 0;
        var handled = 0;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errorLogs = new List<string>();
        DrainLogs(errorLogs);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Generated in batches, so that a long run keeps memory flat.
        for (var start = 0; start < CasesPerShape; start += 2000)
        {
            // The captured log lines are the test's, not the server's: checked and dropped per batch.
            DrainLogs(errorLogs);
            var cases = FuzzCases.Generate(seed + (ulong)start, Math.Min(2000, CasesPerShape - start), key, sign);
            foreach (var chunk in cases.Chunk(8))
            {
                var answers = await Task.WhenAll(chunk.Select(SendAsync));
                for (var i = 0; i < chunk.Length; i++)
                {
                    var outcome = $"{answers[i].Status} {CodeOf(answers[i])}";
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    if (Check(chunk[i], answers[i]) is { } problem)
                    {
                        failures.Add($"seed 0x{seed + (ulong)start:X}: {chunk[i]} -> {answers[i].Status}: {problem}\n  {Shorten(answers[i].Body)}");
                    }
                    else if (answers[i].Status >= 400)
                    {
                        errors++;
                    }

                    if (factory.HandlerCalls.TryRemove(answers[i].RequestIdHeader, out var given))
                    {
                        handled++;
                        if (Unsigned(chunk[i], given) is { } smuggled)
                        {
                            failures.Add($"seed 0x{seed + (ulong)start:X}: {chunk[i]}: the handler was given {smuggled}");
                        }
                    }
                }
            }
        }

        clock.Stop();
        DrainLogs(errorLogs);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{CasesPerShape} cases in {clock.Elapsed.TotalSeconds:F1} s; {handled} reached a handler; heap {heapBefore / 1024} KB -> {heapAfter / 1024} KB");
        output.WriteLine(string.Join('\n', outcomes.Select(o => $"{o.Value,5} {o.Key}")));
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n" + string.Join('\n', failures.Take(15)));
        // The handler oracle must have had work: valid and validly re-encoded requests reach handlers.
        Assert.True(handled > CasesPerShape / 50, $"only {handled} of {CasesPerShape} cases reached a handler");
        Assert.True(heapAfter - heapBefore < 256L * 1024 * 1024, $"heap grew from {heapBefore} to {heapAfter} bytes");
        // The mutations must actually break requests; most answers are errors.
        Assert.True(errors > CasesPerShape / 2, $"only {errors} of {CasesPerShape} answers were errors");
        Assert.True(errorLogs.Count == 0, string.Join('\n', errorLogs.Take(5)));
    }

    private void DrainLogs(List<string> errorLogs)
    {
        while (factory.LogLines.TryDequeue(out var line))
        {
            if (IsErrorLevel(line) && errorLogs.Count < 20)
            {
                errorLogs.Add(line);
            }
        }
    }

    /// <summary>Null when the handler was given exactly the signed parameters, else what differs.</summary>
    private static string? Unsigned(RawRequest raw, KeyValuePair<string, string>[] given)
    {
        static string Pair(KeyValuePair<string, string> p) => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value);
        var signed = raw.Signed.Select(Pair).Order(StringComparer.Ordinal).ToList();
        var actual = given.Select(Pair).Order(StringComparer.Ordinal).ToList();
        return signed.SequenceEqual(actual)
            ? null
            : $"[{string.Join(", ", actual.Except(signed).Take(3))}] unsigned, [{string.Join(", ", signed.Except(actual).Take(3))}] missing";
    }

    private async Task<Answer> SendAsync(RawRequest raw)
    {
        // A hang fails the test instead of stalling the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var context = await factory.Server.SendAsync(http =>
        {
            var request = http.Request;
            request.Method = raw.Method;
            request.Scheme = "http";
            request.Host = new HostString("localhost");
            request.Path = "/";
            request.QueryString = raw.Query.Length == 0 ? QueryString.Empty : new QueryString("?" + raw.Query);
            foreach (var (name, value) in raw.Headers)
            {
                request.Headers[name] = value;
            }

            if (raw.ContentType is not null)
            {
                request.ContentType = raw.ContentType;
            }

            request.ContentLength = raw.Body.Length;
            request.Body = new MemoryStream(raw.Body);
        }, timeout.Token);

        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        return new Answer(
            context.Response.StatusCode,
            context.Response.ContentType ?? "",
            context.Response.Headers["x-acs-request-id"].ToString(),
            context.Response.Headers.Location.ToString(),
            body);
    }

    private static string? Check(RawRequest raw, Answer answer)
    {
        if (answer.Status >= 500)
        {
            return "server error";
        }

        if (answer.Body.Contains("   at ", StringComparison.Ordinal) || answer.Body.Contains("Exception", StringComparison.Ordinal))
        {
            return "stack trace or exception text in the body";
        }

        // An unsigned GET/HEAD at '/' belongs to the web console (docs/api.md).
        if (answer.Status == StatusCodes.Status302Found)
        {
            return (HttpMethods.IsGet(raw.Method) || HttpMethods.IsHead(raw.Method)) && answer.Location == ConsolePaths.Home ? null : $"unexpected redirect to {answer.Location}";
        }

        if (answer.Status is not (200 or (>= 400 and < 500)))
        {
            return "status is neither 200 nor 4xx";
        }

        if (answer.RequestIdHeader.Length == 0)
        {
            return "no x-acs-request-id header";
        }

        if (HttpMethods.IsHead(raw.Method))
        {
            return answer.Body.Length == 0 ? null : "a HEAD answer has a body";
        }

        var fields = ReadFields(answer);
        if (fields is null)
        {
            return $"body is not {answer.ContentType}";
        }

        if (!fields.TryGetValue("RequestId", out var requestId) || requestId != answer.RequestIdHeader)
        {
            return "RequestId missing or not the header's";
        }

        if (answer.Status == 200)
        {
            return fields.ContainsKey("Code") ? "a success body has a Code" : null;
        }

        if (!fields.TryGetValue("Code", out var code) || !fields.TryGetValue("Message", out var message) || message.Length == 0)
        {
            return "error body without Code or Message";
        }

        return Agrees(code, answer.Status) ? null : $"Code {code} does not go with HTTP {answer.Status}";
    }

    /// <summary>The top-level members of a JSON or XML body, or null when it does not parse as its content type says.</summary>
    private static Dictionary<string, string>? ReadFields(Answer answer)
    {
        try
        {
            if (answer.ContentType.StartsWith("text/xml", StringComparison.Ordinal))
            {
                return XElement.Parse(answer.Body).Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value);
            }

            if (answer.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(answer.Body);
                return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
            }
        }
        catch (JsonException)
        {
        }
        catch (System.Xml.XmlException)
        {
        }

        return null;
    }

    private static string CodeOf(Answer answer) =>
        answer.Body.Length > 0 && ReadFields(answer) is { } fields && fields.TryGetValue("Code", out var code) ? code : "";

    private static bool Agrees(string code, int status) =>
        Catalogue.TryGetValue(code, out var catalogued)
            ? catalogued == status
            : code.StartsWith("Missing", StringComparison.Ordinal) && status == 400;

    /// <summary>Every Code the server may write: Core's Errors and Signing's SignatureErrors.</summary>
    private static Dictionary<string, int> BuildCatalogue()
    {
        var catalogue = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [SignatureErrors.IncompleteSignature("").Code] = 400,
            [SignatureErrors.SignatureDoesNotMatch("").Code] = 400,
        };
        foreach (var type in typeof(Errors).GetNestedTypes().Append(typeof(SignatureErrors)))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                switch (field.GetValue(null))
                {
                    case ApiError error:
                        catalogue[error.Code] = error.HttpStatus;
                        break;
                    case SignatureError error:
                        catalogue[error.Code] = error.HttpStatus;
                        break;
                    default:
                        break;
                }
            }
        }

        return catalogue;
    }

    private static bool IsErrorLevel(string line)
    {
        var parts = line.Split(' ', 3);
        return parts.Length > 1 && parts[1] is "Error" or "Critical";
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private sealed record Answer(int Status, string ContentType, string RequestIdHeader, string Location, string Body);
}
