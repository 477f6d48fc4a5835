using System.Net;
using BenchmarkDotNet.Attributes;
using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;

namespace Latchkey.Benchmarks;

/// <summary>
/// The policy engine on the hot path: a compiled document evaluated for one action and resource,
/// and a RAM user's whole <see cref="PermissionSet"/> (system plus custom policies). Evaluation is
/// expected to cost well under a microsecond and allocate nothing (Allocated column: "-").
/// Compile is shown for scale: it runs once per write or cache load, never per request.
/// Run: <c>dotnet run -c Release --project bench/Latchkey.Benchmarks -- --filter '*PolicyBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private const string Account = "1234567890123456";
    private const string Document = """
        {"Version":"1","Statement":[
          {"Effect":"Deny","Action":["ram:Delete*","ram:Detach*"],"Resource":"*"},
          {"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":"acs:ram:*:1234567890123456:user/*",
           "Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},"Bool":{"acs:SecureTransport":"true"},"DateLessThan":{"acs:CurrentTime":"2030-01-01T00:00:00Z"}}},
          {"Effect":"Allow","Action":"widgets:*","Resource":"acs:widgets:*:1234567890123456:widget/team-?/*"}]}
        """;

    private readonly string _resource = ResourceNames.User(Account, "alice");
    private CompiledPolicy _policy = null!;
    private PermissionSet _set = null!;
    private AuthorizationContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = PolicyDocument.Compile(Document).Value;
        _context = new AuthorizationContext(IPAddress.Parse("192.168.4.2"), new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), secureTransport: true, mfaPresent: false);
        _set = new PermissionSet(Account, "200000000000000001", "alice", allowOwnAccessKeys: true,
        [
            new EffectivePolicy("AliyunSTSAssumeRoleAccess", "System", "v1", "RamUser", SystemPolicies.Get("AliyunSTSAssumeRoleAccess")!.Compiled),
            new EffectivePolicy("Custom", "Custom", "v1", "RamGroup", _policy),
            new EffectivePolicy("AliyunRAMReadOnlyAccess", "System", "v3", "RamGroup", SystemPolicies.Get("AliyunRAMReadOnlyAccess")!.Compiled),
        ]);
    }

    [Benchmark(Description = "Evaluate: allow through conditions")]
    public PolicyDecision EvaluateAllow() => _policy.Evaluate("ram:GetUser", _resource, _context);

    [Benchmark(Description = "Evaluate: explicit deny")]
    public PolicyDecision EvaluateDeny() => _policy.Evaluate("ram:DeleteUser", _resource, _context);

    [Benchmark(Description = "Evaluate: implicit deny (no statement applies)")]
    public PolicyDecision EvaluateImplicitDeny() => _policy.Evaluate("ram:CreateUser", "acs:ram:*:1234567890123456:user/*", _context);

    [Benchmark(Description = "PermissionSet: 3 policies, allowed by the last")]
    public PolicyDecision PermissionSetAllow() => _set.Evaluate("ram:ListUsers", "acs:ram:*:1234567890123456:user/*", _context, out _);

    [Benchmark(Description = "Compile (per write, not per request)")]
    public int Compile() => PolicyDocument.Compile(Document).Value.StatementCount;
}
