using Latchkey.Core.Authorization;

namespace Latchkey.Server.Api.Policies;

/// <summary>The Description RAM shows for each system policy Latchkey knows.</summary>
internal static class PolicyDescriptions
{
    public static string Of(string policyName) => policyName switch
    {
        SystemPolicies.AdministratorAccess => "Provides full access to Alibaba Cloud services and resources.",
        SystemPolicies.RamFullAccess => "Provides full access to Resource Access Management (RAM).",
        SystemPolicies.RamReadOnlyAccess => "Provides read-only access to Resource Access Management (RAM).",
        _ => string.Empty,
    };
}
