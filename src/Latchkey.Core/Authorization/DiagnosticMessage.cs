namespace Latchkey.Core.Authorization;

/// <summary>What DecodeDiagnosticMessage returns (SDK DecodeDiagnosticMessageResponseBody); wire names are the property names.</summary>
public sealed record DiagnosticMessage(
    bool ExplicitDeny,
    string NoPermissionPolicyType,
    string AuthAction,
    string AuthResource,
    DiagnosticMessage.Principal AuthPrincipal,
    IReadOnlyList<DiagnosticMessage.Condition> AuthConditions,
    IReadOnlyList<DiagnosticMessage.MatchedPolicy> MatchedPolicies)
{
    public sealed record Principal(string AuthPrincipalType, string AuthPrincipalOwnerId, string AuthPrincipalDisplayName);

    public sealed record Condition(string ConditionKey, IReadOnlyList<string> ConditionValues);

    public sealed record MatchedPolicy(string Effect, string PolicyIdentifier, string PolicyType, string? PolicyVersion, string AttachedEntityType, string AttachedScope);
}
