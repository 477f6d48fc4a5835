namespace Latchkey.Core.Authorization;

/// <summary>The request ARNs RAM actions are authorized on (spec ram-policies.md §4.1); region always "*".</summary>
public static class ResourceNames
{
    public static string User(string accountId, string userName) => $"acs:ram:*:{accountId}:user/{userName}";

    public static string Group(string accountId, string groupName) => $"acs:ram:*:{accountId}:group/{groupName}";

    public static string CustomPolicy(string accountId, string policyName) => $"acs:ram:*:{accountId}:policy/{policyName}";

    public static string SystemPolicy(string policyName) => $"acs:ram:*:system:policy/{policyName}";

    public static string Account(string accountId) => $"acs:ram:*:{accountId}:*";
}
