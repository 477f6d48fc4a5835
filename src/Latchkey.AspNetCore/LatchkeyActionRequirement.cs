using Microsoft.AspNetCore.Authorization;

namespace Latchkey.AspNetCore;

/// <summary>
/// An endpoint's permission: the caller's Latchkey policies must allow <see cref="Action"/> on
/// <see cref="Resource"/>. The authentication handler sends both with the verify call (one round
/// trip for identity and permission); <see cref="LatchkeyActionAuthorizationHandler"/> reads the
/// decision. <see cref="Resource"/> may hold route values as <c>{name}</c>.
/// </summary>
public sealed class LatchkeyActionRequirement : IAuthorizationRequirement
{
    /// <summary>Creates the requirement.</summary>
    /// <param name="action">The action, <c>&lt;service&gt;:&lt;Action&gt;</c>, e.g. <c>widgets:ListWidgets</c>.</param>
    /// <param name="resource">The resource ARN, e.g. <c>acs:widgets:*:*:widget/{id}</c>; <c>*</c> when the action has none.</param>
    public LatchkeyActionRequirement(string action, string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        Action = action;
        Resource = resource;
    }

    /// <summary>The action the caller must be allowed.</summary>
    public string Action { get; }

    /// <summary>The resource ARN template; <c>{name}</c> is replaced by the route value <c>name</c>.</summary>
    public string Resource { get; }
}
