namespace Latchkey.Signing;

/// <summary>What a V3 request adds to the canonical request; kept apart so V1 requests stay small.</summary>
internal sealed record V3Parts(int QueryCount, string CanonicalUri, string SignedHeaders, string[] SignedHeaderNames, string[] SignedHeaderValues, string BodySha256);
