using Microsoft.AspNetCore.Builder;

namespace Latchkey.AspNetCore;

/// <summary>Endpoint conventions for Latchkey permissions.</summary>
public static class LatchkeyAuthorizationExtensions
{
    /// <summary>
    /// Requires a Latchkey-authenticated caller whose policies allow <paramref name="action"/> on
    /// <paramref name="resource"/>, decided by the Latchkey server's policy engine in the same verify
    /// call that authenticates the request. A refusal is 403 <c>NoPermission</c> with Alibaba's
    /// <c>AccessDeniedDetail</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint (e.g. the result of <c>MapGet</c>).</param>
    /// <param name="action">The action, e.g. <c>widgets:ListWidgets</c>.</param>
    /// <param name="resource">The resource ARN; route values as <c>{name}</c>; default <c>*</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireLatchkeyAction<TBuilder>(this TBuilder builder, string action, string resource = "*")
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = new LatchkeyActionRequirement(action, resource);
        builder.WithMetadata(requirement);
        builder.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(LatchkeyAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(requirement));
        return builder;
    }
}
