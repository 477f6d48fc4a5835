namespace Latchkey.Core.Policies;

/// <summary>One compiled statement: effect, action patterns (or NotAction), resource patterns, conditions.</summary>
internal sealed class PolicyStatement(bool isDeny, Wildcard[] actions, bool notAction, Wildcard[] resources, ConditionClause[] conditions)
{
    public bool IsDeny { get; } = isDeny;

    public bool Applies(string action, string resource, AuthorizationContext context)
    {
        if (MatchesAny(actions, action) == notAction)
        {
            return false;
        }

        if (!MatchesAny(resources, resource))
        {
            return false;
        }

        foreach (var condition in conditions)
        {
            if (!condition.Holds(context))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesAny(Wildcard[] patterns, string text)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
