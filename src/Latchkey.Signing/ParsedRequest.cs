using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// A received request read once (spec §3, §5, §6): its signature data, and exactly the parameters
/// the signature covers. Parsing needs no secret and touches no store, so a server can refuse a
/// malformed request before looking a key up; everything that acts on the request afterwards (the
/// checks before the signature, the verifier, the handler) reads this one view (DESIGN invariant 6).
/// </summary>
public sealed class ParsedRequest
{
    private readonly List<KeyValuePair<string, string>> _parameters;

    internal ParsedRequest(SignatureVersion signatureVersion, string method, List<KeyValuePair<string, string>> parameters, bool hasFormBody)
    {
        SignatureVersion = signatureVersion;
        Method = method;
        _parameters = parameters;
        HasFormBody = hasFormBody;
    }

    /// <summary>Which signature scheme the request uses: V3 when <c>Authorization</c> starts with <c>ACS3-</c>, else V1.</summary>
    public SignatureVersion SignatureVersion { get; }

    /// <summary>Why the request's shape was refused (a missing or malformed field), or null when it is ready to verify.</summary>
    /// <remarks>
    /// <see cref="Action"/>, <see cref="Version"/> and <see cref="Format"/> are filled as far as they
    /// could be read even then, so a server can answer an unknown action or the requested format
    /// before it answers the shape error.
    /// </remarks>
    public SignatureError? Error { get; internal set; }

    /// <summary>The caller's AccessKeyId (V1 <c>AccessKeyId</c>, V3 <c>Credential</c>).</summary>
    public string AccessKeyId { get; internal set; } = string.Empty;

    /// <summary>The nonce (V1 <c>SignatureNonce</c>, V3 <c>x-acs-signature-nonce</c>): 1 to 128 printable ASCII characters.</summary>
    public string SignatureNonce { get; internal set; } = string.Empty;

    /// <summary>When the client signed the request (V1 <c>Timestamp</c>, V3 <c>x-acs-date</c>), in UTC.</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>The operation (V1 <c>Action</c>, V3 <c>x-acs-action</c>); empty when absent.</summary>
    public string Action { get; internal set; } = string.Empty;

    /// <summary>The API version (V1 <c>Version</c>, V3 <c>x-acs-version</c>); empty when absent.</summary>
    public string Version { get; internal set; } = string.Empty;

    /// <summary>The STS token (V1 <c>SecurityToken</c>, V3 <c>x-acs-security-token</c>), or null.</summary>
    public string? SecurityToken { get; internal set; }

    /// <summary>The <c>Format</c> parameter normalised to <c>JSON</c> or <c>XML</c>, or null when absent or invalid.</summary>
    public string? Format { get; internal set; }

    /// <summary>V3: the signed <c>host</c> header, trimmed. V1 signs no host: null.</summary>
    public string? Host { get; internal set; }

    /// <summary>
    /// True when the body was read as form parameters: its media type is exactly
    /// <c>application/x-www-form-urlencoded</c> (<see cref="MediaType.IsForm"/>) and it is not
    /// empty. Any other body is not part of <see cref="Parameters"/>; V1 does not sign it at all.
    /// </summary>
    public bool HasFormBody { get; }

    /// <summary>
    /// The decoded query parameters followed by the decoded form-body parameters, in arrival order,
    /// repeated names kept: exactly what the signature covers. For V1 the <c>Signature</c>
    /// parameter is left out.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    internal string Method { get; }

    internal List<KeyValuePair<string, string>> ParameterList => _parameters;

    /// <summary>V1: the received Base64 text, decoded on the stack when verifying.</summary>
    internal string V1Signature { get; init; } = string.Empty;

    /// <summary>V3: the received signature, 32 bytes.</summary>
    internal byte[] V3Signature { get; init; } = [];

    internal V3Parts? V3 { get; init; }

    /// <summary>Reads a request once; the result's <see cref="Error"/> says whether its shape is right.</summary>
    /// <param name="request">The request as received.</param>
    /// <returns>The parsed request; never null.</returns>
    public static ParsedRequest Parse(ReceivedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        var contentTypeHeader = headers.TryGetValue("content-type", out var header) ? header : null;
        var contentType = request.ContentType ?? contentTypeHeader;
        var isForm = MediaType.IsForm(contentType) && !request.Body.IsEmpty;
        // A leading '?' is skipped, not cut off: a server can hand over the query as it received it, without a copy.
        var query = request.QueryString.AsSpan();
        query = query.StartsWith('?') ? query[1..] : query;
        var capacity = (query.Length > 0 ? query.Count('&') + 1 : 0)
            + (isForm ? request.Body.Span.Count((byte)'&') + 1 : 0);
        var parameters = new List<KeyValuePair<string, string>>(capacity);
        FormDecoder.AddQuery(query, parameters);
        var queryCount = parameters.Count;
        if (isForm)
        {
            FormDecoder.AddForm(request.Body.Span, parameters);
        }

        var method = request.Method.ToUpperInvariant();
        var parsed = headers.TryGetValue("Authorization", out var authorization) && authorization.StartsWith("ACS3-", StringComparison.Ordinal)
            ? V3Reader.Read(request, method, parameters, queryCount, isForm, authorization)
            : V1Reader.Read(method, parameters, isForm);
        if (parsed.Error is null && contentTypeHeader is not null && request.ContentType is not null && contentTypeHeader != request.ContentType)
        {
            // Two different content types: one may be signed while the other decides what the body is.
            parsed.Error = SignatureErrors.ContentTypeMismatch;
        }

        return parsed;
    }

    /// <summary>Reads a request's signature data and checks its shape; verifies nothing yet.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="parsed">The parsed request, when the shape is right.</param>
    /// <param name="error">Why the request was refused, otherwise.</param>
    /// <returns>True when <paramref name="parsed"/> is set.</returns>
    public static bool TryParse(ReceivedRequest request, [NotNullWhen(true)] out ParsedRequest? parsed, [NotNullWhen(false)] out SignatureError? error)
    {
        var result = Parse(request);
        error = result.Error;
        parsed = error is null ? result : null;
        return error is null;
    }

    /// <summary>The first value of a parameter, or null when it is absent.</summary>
    /// <param name="name">The parameter name (case-sensitive, as Alibaba's are).</param>
    /// <returns>The decoded value, or null.</returns>
    public string? GetParameter(string name) => Find(_parameters, name);

    /// <summary>
    /// Recomputes the signature with the prepared secret and compares it in constant time: the one
    /// verifier of both versions. Allocates nothing when the signature matches.
    /// </summary>
    /// <param name="key">The prepared secret of <see cref="AccessKeyId"/>.</param>
    /// <returns>Null when the signature is valid; <see cref="Error"/> when the shape was refused; otherwise <c>SignatureDoesNotMatch</c> whose message ends with the server's StringToSign.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed before this call.</exception>
    public SignatureError? Verify(SigningKey key) =>
        SignatureVerifier.TryVerify(this, key, out var error) ? error : throw new ObjectDisposedException(nameof(SigningKey));

    /// <summary>
    /// As <see cref="Verify(SigningKey)"/>, but a key disposed before the verify could start is a
    /// value, not an exception: for a cache that may drop a key while a request holds it.
    /// </summary>
    /// <param name="key">The prepared secret of <see cref="AccessKeyId"/>.</param>
    /// <param name="error">As <see cref="Verify(SigningKey)"/> returns, when the result is true.</param>
    /// <returns>False when <paramref name="key"/> was disposed: look the key up again.</returns>
    public bool TryVerify(SigningKey key, out SignatureError? error) => SignatureVerifier.TryVerify(this, key, out error);

    /// <summary>
    /// As <see cref="Verify(SigningKey)"/> with a key prepared for this one call; for clients and
    /// tests. A server verifying many requests per key keeps a <see cref="SigningKey"/> instead.
    /// </summary>
    /// <param name="accessKeySecret">The secret of <see cref="AccessKeyId"/>.</param>
    /// <returns>As <see cref="Verify(SigningKey)"/>.</returns>
    public SignatureError? Verify(string accessKeySecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeySecret);
        using var key = new SigningKey(accessKeySecret);
        return Verify(key);
    }

    /// <summary>Whether <see cref="Timestamp"/> lies within <paramref name="maxSkew"/> of <paramref name="now"/>, in either direction.</summary>
    /// <param name="now">The server's current time.</param>
    /// <param name="maxSkew">The allowed difference, 15 minutes at Alibaba.</param>
    /// <returns>True when the timestamp is inside the window.</returns>
    public bool IsTimestampWithin(DateTimeOffset now, TimeSpan maxSkew) => (now - Timestamp).Duration() <= maxSkew;

    /// <summary>
    /// The StringToSign the server computes: V1 <c>METHOD&amp;%2F&amp;...</c>, V3
    /// <c>ACS3-HMAC-SHA256\n&lt;hex&gt;</c>. Contains no secret; for diagnostics and tests.
    /// </summary>
    /// <returns>The StringToSign.</returns>
    public string GetStringToSign()
    {
        var builder = new ByteBuilder(1024);
        try
        {
            if (SignatureVersion == SignatureVersion.V1)
            {
                Canonicalizer.WriteV1StringToSign(ref builder, Method, _parameters);
                return Encoding.ASCII.GetString(builder.Written);
            }

            SignatureVerifier.WriteV3CanonicalRequest(this, ref builder);
            Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];
            Canonicalizer.WriteV3StringToSign(builder.Written, stringToSign);
            return Encoding.ASCII.GetString(stringToSign);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// The canonical form under the StringToSign: V1 the CanonicalizedQueryString, V3 the
    /// CanonicalRequest. Server-side logs may carry it (it holds no secret) when a signature fails.
    /// </summary>
    /// <returns>The canonical string.</returns>
    public string GetCanonicalString()
    {
        var builder = new ByteBuilder(1024);
        try
        {
            if (SignatureVersion == SignatureVersion.V1)
            {
                Canonicalizer.WriteSortedQuery(ref builder, _parameters, _parameters.Count, twice: false);
            }
            else
            {
                SignatureVerifier.WriteV3CanonicalRequest(this, ref builder);
            }

            return Encoding.UTF8.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }

    internal static string? Find(List<KeyValuePair<string, string>> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Key == name)
            {
                return parameters[i].Value;
            }
        }

        return null;
    }
}
