namespace Latchkey.Core.Policies;

/// <summary>The outcome of evaluating policies for one action on one resource.</summary>
public enum PolicyDecision
{
    /// <summary>No statement applies: every RAM identity is denied by default.</summary>
    ImplicitDeny,

    /// <summary>An Allow statement applies and no Deny does.</summary>
    Allow,

    /// <summary>A Deny statement applies; it wins over every Allow.</summary>
    ExplicitDeny,
}
