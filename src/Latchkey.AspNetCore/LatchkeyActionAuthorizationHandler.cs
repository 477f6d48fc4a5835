using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>
/// Meets a <see cref="LatchkeyActionRequirement"/> when the verify call that authenticated the
/// request answered Allow for exactly that action and resource. Nothing is decided here: the
/// Latchkey server's engine decided; this handler only reads its answer.
/// </summary>
public sealed class LatchkeyActionAuthorizationHandler : AuthorizationHandler<LatchkeyActionRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LatchkeyActionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.Resource is HttpContext http
            && LatchkeyDecision.Of(http) is { IsAllowed: true } decision
            && decision.Action == requirement.Action
            && decision.Resource == LatchkeyDecision.ResolveResource(requirement.Resource, http))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
