namespace Latchkey.Signing;

/// <summary>What a V3 request adds to the canonical request; kept apart so V1 requests stay small.</summary>
internal sealed class V3Parts(int queryCount, string canonicalUri, string signedHeaders, string[] signedHeaderNames, string[] signedHeaderValues)
{
    /// <summary>How many of the parameters came from the query (the rest from a form body, covered by the body hash).</summary>
    public int QueryCount { get; } = queryCount;

    public string CanonicalUri { get; } = canonicalUri;

    public string SignedHeaders { get; } = signedHeaders;

    public string[] SignedHeaderNames { get; } = signedHeaderNames;

    public string[] SignedHeaderValues { get; } = signedHeaderValues;

    /// <summary>Lower-case hex SHA-256 of the body as received; set once the shape is checked.</summary>
    public string BodySha256 { get; set; } = string.Empty;
}
