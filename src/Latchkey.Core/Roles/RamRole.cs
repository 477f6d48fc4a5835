namespace Latchkey.Core.Roles;

/// <summary>
/// A RAM role (spec ram-roles-sts-mfa.md §1.1): an identity without keys of its own, assumed
/// through STS AssumeRole by the principals its trust policy (<see cref="AssumeRolePolicyDocument"/>,
/// stored as received) names. Sessions issued before <see cref="SessionsNotBefore"/> are refused.
/// </summary>
public sealed record RamRole(
    string AccountId,
    string RoleId,
    string RoleName,
    string Description,
    string AssumeRolePolicyDocument,
    int MaxSessionDuration,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    DateTimeOffset? SessionsNotBefore = null)
{
    /// <summary><c>acs:ram::&lt;AccountId&gt;:role/&lt;lower-cased RoleName&gt;</c>, as Alibaba emits role ARNs.</summary>
    public string Arn => ArnOf(AccountId, RoleName);

    public static string ArnOf(string accountId, string roleName)
    {
        ArgumentNullException.ThrowIfNull(roleName);
        return $"acs:ram::{accountId}:role/{roleName.ToLowerInvariant()}";
    }
}
