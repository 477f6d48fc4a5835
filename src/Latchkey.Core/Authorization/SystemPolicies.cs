using Latchkey.Core.Policies;

namespace Latchkey.Core.Authorization;

/// <summary>
/// The system policies every account sees (PolicyType System): real documents, compiled once and
/// evaluated by the same engine as custom ones. Read-only; names are matched case-insensitively.
/// Documents per spec ram-policies.md §8 (ReadOnlyAccess is Latchkey's stand-in for Alibaba's
/// per-service list).
/// </summary>
public static class SystemPolicies
{
    public const string PolicyType = "System";
    public const string AdministratorAccess = "AdministratorAccess";
    public const string RamFullAccess = "AliyunRAMFullAccess";
    public const string RamReadOnlyAccess = "AliyunRAMReadOnlyAccess";
    public const string StsAssumeRoleAccess = "AliyunSTSAssumeRoleAccess";
    public const string ReadOnlyAccess = "ReadOnlyAccess";

    private static readonly DateTimeOffset Created = new(2015, 4, 28, 8, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<SystemPolicy> All { get; } =
    [
        Define(AdministratorAccess, "Provides full access to Alibaba Cloud services and resources.", "v1",
            """{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"1"}"""),
        Define(RamFullAccess, "Provides full access to Resource Access Management (RAM).", "v1",
            """{"Statement":[{"Action":"ram:*","Effect":"Allow","Resource":"*"}],"Version":"1"}"""),
        Define(RamReadOnlyAccess, "Provides read-only access to Resource Access Management (RAM).", "v3",
            """{"Version":"1","Statement":[{"Action":["ram:Get*","ram:List*","ram:GenerateCredentialReport"],"Resource":"*","Effect":"Allow"},{"Action":["accessanalyzer:Get*","accessanalyzer:List*"],"Resource":"*","Effect":"Allow"}]}"""),
        Define(StsAssumeRoleAccess, "Provides access to AssumeRole of Security Token Service (STS).", "v1",
            """{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}],"Version":"1"}"""),
        Define(ReadOnlyAccess, "Provides read-only access to Alibaba Cloud services and resources.", "v1",
            """{"Statement":[{"Action":["*:Get*","*:List*","*:Describe*","*:Query*"],"Effect":"Allow","Resource":"*"}],"Version":"1"}"""),
    ];

    /// <summary>The policy with this name (case-insensitive), else null.</summary>
    public static SystemPolicy? Get(string? name) =>
        All.FirstOrDefault(known => string.Equals(known.PolicyName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The canonical spelling of a known policy name (matched case-insensitively), else null.</summary>
    public static string? Find(string? name) => Get(name)?.PolicyName;

    private static SystemPolicy Define(string name, string description, string version, string document)
    {
        var compiled = PolicyDocument.Compile(document);
        return new SystemPolicy(name, description, version, document, compiled.Value, Created, Created);
    }
}
