using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>Forwarded headers from trusted proxies only, and HSTS on HTTPS responses.</summary>
public static class ProxyApplicationBuilderExtensions
{
    public static IServiceCollection AddLatchkeyProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;

            // The framework trusts loopback by default; here only what the operator lists counts.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(_ => { });
        services.AddOptions<HstsOptions>().Configure<IOptions<ProxyOptions>>((hsts, proxy) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(proxy.Value.HstsMaxAgeDays);
            hsts.IncludeSubDomains = false;
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseLatchkeyProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.IsEnabled)
        {
            app.UseForwardedHeaders();
        }

        if (proxy.HstsMaxAgeDays > 0)
        {
            app.UseHsts();
        }

        return app;
    }
}
