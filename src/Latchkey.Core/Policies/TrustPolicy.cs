namespace Latchkey.Core.Policies;

/// <summary>
/// A role's trust policy compiled by the policy engine (<see cref="PolicyDocument.CompileTrust"/>):
/// each statement's action and conditions are ordinary compiled statements; its principals are
/// matched against who asks. Explicit Deny wins, then Allow, else implicit deny (spec
/// ram-roles-sts-mfa.md §2).
/// </summary>
public sealed class TrustPolicy
{
    /// <summary>Longest AssumeRolePolicyDocument accepted (Alibaba's PolicySizeQuota, spec §1.2).</summary>
    public const int MaxLength = 2048;

    private readonly PolicyStatement[] _statements;
    private readonly TrustPrincipals[] _principals;

    internal TrustPolicy(PolicyStatement[] statements, TrustPrincipals[] principals)
    {
        _statements = statements;
        _principals = principals;
    }

    /// <summary>The RAM principals named anywhere, normalised (for pages that show who may assume the role).</summary>
    public IReadOnlyList<string> RamPrincipals => [.. _principals.SelectMany(p => p.RamText).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The Service principals named anywhere (kept for compatibility; no RAM caller is one).</summary>
    public IReadOnlyList<string> ServicePrincipals => [.. _principals.SelectMany(p => p.Services).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Whether the trust policy lets a caller known by <paramref name="callerArns"/> (e.g. its
    /// account root and its own user or role ARN) do <paramref name="action"/> on the role.
    /// </summary>
    public PolicyDecision Evaluate(string action, string roleArn, IReadOnlyList<string> callerArns, AuthorizationContext context)
    {
        ArgumentNullException.ThrowIfNull(callerArns);
        var allowed = false;
        for (var i = 0; i < _statements.Length; i++)
        {
            var statement = _statements[i];
            if ((statement.IsDeny || !allowed) && Names(_principals[i], callerArns) && statement.Applies(action, roleArn, context))
            {
                if (statement.IsDeny)
                {
                    return PolicyDecision.ExplicitDeny;
                }

                allowed = true;
            }
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }

    /// <summary>
    /// <c>acs:ram::&lt;id&gt;:root|user/&lt;n&gt;|role/&lt;n&gt;</c> (a region of <c>*</c> dropped), a bare
    /// account id as its root (spec §2.2, unconfirmed), or <c>*</c>; null when it is none of these.
    /// </summary>
    public static string? NormalizeRamPrincipal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "*")
        {
            return text;
        }

        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return $"acs:ram::{text}:root";
        }

        var parts = text.Split(':', 5);
        if (parts.Length != 5 || parts[0] != "acs" || !parts[1].Equals("ram", StringComparison.OrdinalIgnoreCase) || parts[2] is not ("" or "*") || parts[3].Length == 0)
        {
            return null;
        }

        var relative = parts[4];
        var valid = relative == "root"
            || (relative.StartsWith("user/", StringComparison.Ordinal) && relative.Length > 5)
            || (relative.StartsWith("role/", StringComparison.Ordinal) && relative.Length > 5);
        return valid ? $"acs:ram::{parts[3]}:{relative}" : null;
    }

    private static bool Names(TrustPrincipals principals, IReadOnlyList<string> callerArns)
    {
        foreach (var pattern in principals.Ram)
        {
            for (var i = 0; i < callerArns.Count; i++)
            {
                if (pattern.IsMatch(callerArns[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
