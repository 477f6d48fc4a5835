namespace Latchkey.Signing;

/// <summary>What a V3 request adds to the canonical request; kept apart so V1 requests stay small.</summary>
/// <remarks>
/// The credential and the signature stay where they lie in the <c>Authorization</c> header and
/// are read from there when needed.
/// </remarks>
internal sealed class V3Parts(string canonicalUri, string signedHeaders, string[] signedHeaderNames, string?[] signedHeaderValues, string authorization, Range credential, int signatureStart)
{
    public string CanonicalUri { get; } = canonicalUri;

    public string SignedHeaders { get; } = signedHeaders;

    public string[] SignedHeaderNames { get; } = signedHeaderNames;

    /// <summary>The signed headers' values as received, in <see cref="SignedHeaderNames"/> order; all set once the shape is checked.</summary>
    public string?[] SignedHeaderValues { get; } = signedHeaderValues;

    /// <summary>Lower-case hex SHA-256 of the body as received; set once the shape is checked.</summary>
    public string BodySha256 { get; set; } = string.Empty;

    /// <summary>True once the shape checks passed: the AccessKeyId may be read.</summary>
    public bool Checked { get; set; }

    /// <summary>The <c>Credential</c> of the <c>Authorization</c> header.</summary>
    public ReadOnlySpan<char> Credential => authorization.AsSpan()[credential];

    /// <summary>The received signature: 64 hex digits of either case (checked by the reader).</summary>
    public ReadOnlySpan<char> SignatureHex => authorization.AsSpan(signatureStart, 64);

    /// <summary>The AccessKeyId once the shape checks passed, else empty.</summary>
    public string ReadCredential() => Checked ? authorization[credential] : string.Empty;

    /// <summary>The value of signed header <paramref name="index"/> as the canonical request has it (trimmed).</summary>
    public ReadOnlySpan<char> HeaderValue(int index) => SignedHeaderValues[index].AsSpan().Trim();
}
