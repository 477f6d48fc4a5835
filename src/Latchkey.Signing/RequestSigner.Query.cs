namespace Latchkey.Signing;

public static partial class RequestSigner
{
    /// <summary>
    /// Signs a request to any path with any method and query, e.g. <c>GET /widgets?PageSize=5</c> to a
    /// resource server behind Latchkey.AspNetCore, with signature V3 (ACS3-HMAC-SHA256). Method, path,
    /// query, body hash and <c>content-type</c> are all covered by the signature.
    /// </summary>
    /// <param name="method">The HTTP method, e.g. <c>GET</c>, <c>PUT</c>, <c>DELETE</c>.</param>
    /// <param name="path">The request path, e.g. <c>/widgets</c>; sent percent-encoded per segment.</param>
    /// <param name="query">The query parameters, sent in this order and signed sorted.</param>
    /// <param name="body">The body bytes, sent unchanged (empty for none).</param>
    /// <param name="contentType">The <c>Content-Type</c> of the body, or null when there is none.</param>
    /// <param name="action">The operation named in <c>x-acs-action</c>.</param>
    /// <param name="version">The API version named in <c>x-acs-version</c>.</param>
    /// <param name="accessKeyId">The AccessKeyId to sign with.</param>
    /// <param name="accessKeySecret">Its secret.</param>
    /// <param name="host">The <c>host</c> header exactly as the server will see it, with <c>:port</c> when not the default.</param>
    /// <param name="nonce">A value unique per request, e.g. <see cref="NewNonce"/>.</param>
    /// <param name="timestamp">The signing time; sent as <c>x-acs-date</c>.</param>
    /// <returns>The request to send.</returns>
    public static SignedHttpRequest SignV3Request(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> query,
        ReadOnlyMemory<byte> body,
        string? contentType,
        string action,
        string version,
        string accessKeyId,
        string accessKeySecret,
        string host,
        string nonce,
        DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        method = method.ToUpperInvariant();

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-acs-action"] = action,
            ["x-acs-content-sha256"] = Canonicalizer.Sha256Hex(body.Span),
            ["x-acs-date"] = FormatTimestamp(timestamp),
            ["x-acs-signature-nonce"] = nonce,
            ["x-acs-version"] = version,
        };
        var canonicalUri = Canonicalizer.CanonicalUri(path);
        var encoded = EncodeForm(query);
        var pathAndQuery = encoded.Length == 0 ? canonicalUri : canonicalUri + "?" + encoded;
        return SignV3Headers(method, canonicalUri, query, query.Count, signed, contentType, accessKeyId, accessKeySecret, pathAndQuery, body.ToArray());
    }
}
