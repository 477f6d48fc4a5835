using Microsoft.AspNetCore.Authentication;

namespace Latchkey.AspNetCore;

/// <summary>
/// Where the Latchkey server is and which AccessKey this resource server signs its verify calls
/// with. The key's principal must be an account, or a RAM user with AliyunRAMReadOnlyAccess (or a
/// broader RAM policy).
/// </summary>
public sealed class LatchkeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The Latchkey server's base address, e.g. <c>https://latchkey.example.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource server's own AccessKeyId.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The resource server's own AccessKey secret; never logged.</summary>
    public string? AccessKeySecret { get; set; }

    /// <summary>The largest request body that is read and verified; larger signed requests are refused. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The hosts this API answers to, as clients address it (<c>api.example.com</c>, or with a port,
    /// <c>api.example.com:8443</c>; an entry without a port matches any port). A V3 request signed
    /// for another host is refused with <c>InvalidParameter.Host</c>: it was made for another
    /// service. Required.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Accept signature V1 (HMAC-SHA1) as well as V3. Off by default: V1 signs only the query and
    /// form parameters, not the path, the host, the headers or any other body, so a V1 request
    /// can be replayed to another path or host of any service that trusts the same keys.
    /// </summary>
    public bool AllowSignatureV1 { get; set; }

    /// <summary>The HttpClient used for verify calls; when null a client from IHttpClientFactory is used.</summary>
    public HttpClient? Backchannel { get; set; }

    /// <inheritdoc />
    /// <remarks>
    /// Runs at start-up (AddLatchkey registers ValidateOnStart), so a resource server that cannot verify
    /// anything refuses to start instead of answering every signed request with a 500.
    /// </remarks>
    public override void Validate()
    {
        base.Validate();
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                "Latchkey.AspNetCore: Endpoint is not set to an http(s) URL. Set LatchkeyAuthenticationOptions.Endpoint in AddLatchkey to the Latchkey server, "
                + "e.g. https://latchkey.example.com (bound from configuration: Latchkey:Endpoint, environment variable Latchkey__Endpoint).");
        }

        if (string.IsNullOrEmpty(AccessKeyId) || string.IsNullOrEmpty(AccessKeySecret))
        {
            throw new InvalidOperationException(
                "Latchkey.AspNetCore: AccessKeyId and AccessKeySecret must both be set to this resource server's own AccessKey "
                + "(bound from configuration: Latchkey:AccessKeyId and Latchkey:AccessKeySecret, environment variables Latchkey__AccessKeyId and Latchkey__AccessKeySecret). "
                + "Create one with 'latchkey keys create --user NAME' for a RAM user with AliyunRAMReadOnlyAccess.");
        }

        if (!AllowedHosts.Any(static host => !string.IsNullOrWhiteSpace(host)))
        {
            throw new InvalidOperationException("LatchkeyAuthenticationOptions.AllowedHosts must name the hosts this API answers to (e.g. api.example.com); V3 requests signed for other hosts are refused.");
        }

        if (MaxBodyBytes <= 0)
        {
            throw new InvalidOperationException($"Latchkey.AspNetCore: MaxBodyBytes must be positive (it is {MaxBodyBytes}); the default is 1048576 (1 MiB).");
        }
    }
}
