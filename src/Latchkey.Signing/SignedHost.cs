namespace Latchkey.Signing;

/// <summary>
/// Whether the <c>host</c> a V3 request was signed for is one a resource server serves. Without
/// this check a request signed for one service could be replayed to another that trusts the same
/// Latchkey server (the signature covers the host, but nobody compared it with anything).
/// </summary>
public static class SignedHost
{
    /// <summary>
    /// True when <paramref name="signedHost"/> (<c>host</c> or <c>host:port</c>) matches an entry of
    /// <paramref name="allowedHosts"/>, ignoring case. An entry without a port matches that host on
    /// any port; an entry with a port (<c>api.example.com:8443</c>, <c>[::1]:8080</c>) only that port.
    /// </summary>
    /// <param name="signedHost">The signed <c>host</c> header (<see cref="ParsedRequest.Host"/>), or null.</param>
    /// <param name="allowedHosts">The hosts this server answers to.</param>
    /// <returns>True when the host is allowed; false for null or an empty host.</returns>
    public static bool IsAllowed(string? signedHost, IEnumerable<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (string.IsNullOrWhiteSpace(signedHost))
        {
            return false;
        }

        var host = signedHost.AsSpan().Trim();
        var hostName = NameOf(host);
        foreach (var entry in allowedHosts)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            var allowed = entry.AsSpan().Trim();
            var matches = NameOf(allowed).Length == allowed.Length
                ? hostName.Equals(allowed, StringComparison.OrdinalIgnoreCase)
                : host.Equals(allowed, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host without <c>:port</c>; an IPv6 literal keeps its brackets.</summary>
    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 || host[..colon].Contains(':') ? host : host[..colon];
    }
}
