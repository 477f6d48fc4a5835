namespace Latchkey.Core.Policies;

/// <summary>
/// A policy document parsed, validated and compiled once (on write, or when loaded into the
/// permission cache). <see cref="Evaluate"/> is the hot path: it reads arrays of prepared
/// matchers and allocates nothing.
/// </summary>
public sealed class CompiledPolicy
{
    private readonly PolicyStatement[] _statements;

    internal CompiledPolicy(PolicyStatement[] statements) => _statements = statements;

    public int StatementCount => _statements.Length;

    /// <summary>RAM's per-policy evaluation: any applying Deny, else any applying Allow, else implicit deny.</summary>
    public PolicyDecision Evaluate(string action, string resource, AuthorizationContext context)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(context);
        var allowed = false;
        foreach (var statement in _statements)
        {
            if (statement.IsDeny)
            {
                if (statement.Applies(action, resource, context))
                {
                    return PolicyDecision.ExplicitDeny;
                }
            }
            else if (!allowed && statement.Applies(action, resource, context))
            {
                allowed = true;
            }
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }
}
