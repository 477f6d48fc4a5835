namespace Latchkey.Core.Authorization;

/// <summary>The request ARNs RAM actions are authorized on (spec ram-policies.md §4.1); region always "*".</summary>
public static class ResourceNames
{
    public static string User(string accountId, string userName) => $"acs:ram:*:{accountId}:user/{userName}";

    public static string Group(string accountId, string groupName) => $"acs:ram:*:{accountId}:group/{groupName}";

    public static string CustomPolicy(string accountId, string policyName) => $"acs:ram:*:{accountId}:policy/{policyName}";

    public static string SystemPolicy(string policyName) => $"acs:ram:*:system:policy/{policyName}";

    /// <summary>Roles are named lower-cased in every ARN (spec ram-roles-sts-mfa.md §1.1), request ARNs included.</summary>
    public static string Role(string accountId, string roleName) => $"acs:ram:*:{accountId}:role/{roleName.ToLowerInvariant()}";

    public static string Account(string accountId) => $"acs:ram:*:{accountId}:*";
}
