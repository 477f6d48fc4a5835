namespace Latchkey.Signing;

public static partial class RequestSigner
{
    /// <summary>
    /// Signs a request with a body of any type sent to any path (e.g. a JSON document posted to
    /// <c>/api/verify</c>) with signature V3 (ACS3-HMAC-SHA256). The path, the body hash and the
    /// <c>content-type</c> are all covered by the signature.
    /// </summary>
    /// <param name="method">The HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="path">The request path, e.g. <c>/api/verify</c>; sent without a query.</param>
    /// <param name="body">The body bytes, sent unchanged.</param>
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
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        method = method.ToUpperInvariant();

        var bodyHash = Canonicalizer.Sha256Hex(body.Span);
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-acs-action"] = action,
            ["x-acs-content-sha256"] = bodyHash,
            ["x-acs-date"] = FormatTimestamp(timestamp),
            ["x-acs-signature-nonce"] = nonce,
            ["x-acs-version"] = version,
        };
        return SignV3Headers(method, Canonicalizer.CanonicalUri(path), [], 0, signed, contentType, accessKeyId, accessKeySecret, path, body.ToArray());
    }
}
