using Latchkey.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Latchkey authentication handler.</summary>
public static class LatchkeyAuthenticationExtensions
{
    /// <summary>Adds the <c>Latchkey</c> scheme: requests carrying a V1 or V3 signature are verified by the Latchkey server.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Sets the endpoint and the resource server's AccessKey.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder, Action<LatchkeyAuthenticationOptions> configureOptions) =>
        builder.AddLatchkey(LatchkeyAuthenticationDefaults.AuthenticationScheme, configureOptions);

    /// <summary>Adds a Latchkey scheme under a name of your choice.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Sets the endpoint and the resource server's AccessKey.</param>
    /// <returns>The builder.</returns>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder, string authenticationScheme, Action<LatchkeyAuthenticationOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpClient(LatchkeyAuthenticationHandler.HttpClientName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, LatchkeyActionAuthorizationHandler>());
        builder.AddScheme<LatchkeyAuthenticationOptions, LatchkeyAuthenticationHandler>(authenticationScheme, configureOptions);
        // The scheme's Validate runs when the host starts, not on the first request: a resource server
        // without an endpoint or key refuses to start with a message naming the setting.
        builder.Services.AddOptions<LatchkeyAuthenticationOptions>(authenticationScheme).ValidateOnStart();
        return builder;
    }
}
