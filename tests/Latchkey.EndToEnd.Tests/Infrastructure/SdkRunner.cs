using System.Diagnostics;
using System.Text.Json;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs a plan of calls through the official npm SDKs (sdk/call.js) in one node process, so
/// many calls share one process start. "$N.Path" strings refer to step N's success body.
/// </summary>
public sealed class SdkRunner(string endpoint, IReadOnlyDictionary<string, string>? environment = null)
{
    private readonly List<SdkStep> _steps = [];

    public SdkRunner(LatchkeyServer server)
        : this(server.Endpoint)
    {
    }

    public static string Ref(int step, string path) => $"${step}.{path}";

    public int Add(string sdk, string mode, TestKey key, string action, params (string Name, string Value)[] parameters) =>
        Add(sdk, mode, key.AccessKeyId, key.AccessKeySecret, action, parameters);

    public int Add(string sdk, string mode, string accessKeyId, string accessKeySecret, string action, params (string Name, string Value)[] parameters)
    {
        var version = sdk == "pop" && action is "GetCallerIdentity" or "AssumeRole" ? "2015-04-01" : null;
        _steps.Add(new SdkStep(sdk, mode, action, parameters.ToDictionary(p => p.Name, p => p.Value), accessKeyId, accessKeySecret, version));
        return _steps.Count - 1;
    }

    /// <summary>A call signed with temporary credentials: STS AccessKeyId, secret and SecurityToken.</summary>
    public int AddWithToken(string sdk, string mode, string accessKeyId, string accessKeySecret, string securityToken, string action, params (string Name, string Value)[] parameters)
    {
        var version = sdk == "pop" && action is "GetCallerIdentity" or "AssumeRole" ? "2015-04-01" : null;
        _steps.Add(new SdkStep(sdk, mode, action, parameters.ToDictionary(p => p.Name, p => p.Value), accessKeyId, accessKeySecret, version, securityToken));
        return _steps.Count - 1;
    }

    public async Task<IReadOnlyList<SdkOutcome>> RunAsync()
    {
        var plan = Path.Combine(Path.GetTempPath(), $"latchkey-plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(_steps));
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = RepositoryPaths.SdkDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("call.js");
            start.ArgumentList.Add(plan);
            start.Environment["LATCHKEY_ENDPOINT"] = endpoint;
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"node call.js failed ({process.ExitCode}): {await errors}");
            using var document = JsonDocument.Parse(await output);
            return [.. document.RootElement.EnumerateArray().Select(Read)];
        }
        finally
        {
            File.Delete(plan);
        }
    }

    private static SdkOutcome Read(JsonElement outcome) => new(
        outcome.GetProperty("ok").GetBoolean(),
        outcome.TryGetProperty("statusCode", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null,
        outcome.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
        outcome.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null,
        outcome.TryGetProperty("body", out var body) ? body.Clone() : default,
        outcome.TryGetProperty("accessDeniedDetail", out var denied) ? denied.Clone() : default);
}
