using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Running behind a reverse proxy or load balancer. X-Forwarded-For and X-Forwarded-Proto are read
/// only from the proxies listed here (nothing by default, not even loopback): then the client's
/// address is the one in audit events and AccessKey last use, and a request the proxy received over
/// HTTPS counts as HTTPS (Secure cookies, HSTS).
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/8</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies (entries of X-Forwarded-For, from the right) to walk back through.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    /// <summary>The max-age of Strict-Transport-Security on HTTPS responses; 0 sends none.</summary>
    [Range(0, 730)]
    public int HstsMaxAgeDays { get; set; } = 365;

    public bool IsEnabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Proxy:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Proxy:KnownNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8).", [nameof(KnownNetworks)]);
            }
        }
    }
}
