using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// A received request read once (spec §3, §5, §6): its signature data, and exactly the parameters
/// the signature covers. Parsing needs no secret and touches no store, so a server can refuse a
/// malformed request before looking a key up; everything that acts on the request afterwards (the
/// checks before the signature, the verifier, the handler) reads this one view (DESIGN invariant 6).
/// </summary>
/// <remarks>
/// The parameters are kept as offsets into the query text and body the request arrived with
/// (<see cref="ParameterTable"/>) and decoded when read; the verifier canonicalises them from
/// those bytes. So the request's query string and body must not change while this view is used
/// (a server hands over its own copies, which nothing else writes).
/// </remarks>
public sealed class ParsedRequest
{
    private readonly ParameterTable _table;
    private List<KeyValuePair<string, string>>? _parameters;
    private string? _accessKeyId;
    private string? _signatureNonce;
    private string? _securityToken;

    internal ParsedRequest(SignatureVersion signatureVersion, string method, ParameterTable table, bool hasFormBody)
    {
        SignatureVersion = signatureVersion;
        Method = method;
        _table = table;
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

    /// <summary>The caller's AccessKeyId (V1 <c>AccessKeyId</c>, V3 <c>Credential</c>); empty when <see cref="Error"/> is set.</summary>
    public string AccessKeyId => _accessKeyId ??= ReadAccessKeyId();

    /// <summary>The nonce (V1 <c>SignatureNonce</c>, V3 <c>x-acs-signature-nonce</c>): 1 to 128 printable ASCII characters; empty when <see cref="Error"/> is set.</summary>
    public string SignatureNonce
    {
        get => _signatureNonce ??= V1Fields.SignatureNonce >= 0 ? _table.GetValue(V1Fields.SignatureNonce) : string.Empty;
        internal set => _signatureNonce = value;
    }

    /// <summary>When the client signed the request (V1 <c>Timestamp</c>, V3 <c>x-acs-date</c>), in UTC.</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>The operation (V1 <c>Action</c>, V3 <c>x-acs-action</c>); empty when absent.</summary>
    public string Action { get; internal set; } = string.Empty;

    /// <summary>The API version (V1 <c>Version</c>, V3 <c>x-acs-version</c>); empty when absent.</summary>
    public string Version { get; internal set; } = string.Empty;

    /// <summary>The STS token (V1 <c>SecurityToken</c>, V3 <c>x-acs-security-token</c>), or null.</summary>
    public string? SecurityToken
    {
        get => _securityToken ?? (V1Fields.SecurityToken >= 0 ? _securityToken = _table.GetValue(V1Fields.SecurityToken) : null);
        internal set => _securityToken = value;
    }

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
    /// <remarks>
    /// Decodes every name and value on first use (and keeps the list). A reader of a few
    /// parameters uses <see cref="GetParameter"/>, <see cref="ParameterCount"/>,
    /// <see cref="GetParameterName"/> and <see cref="GetParameterValueLength"/>, which decode only what they read.
    /// </remarks>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters ??= _table.ToList();

    /// <summary>How many parameters <see cref="Parameters"/> holds, without decoding them.</summary>
    public int ParameterCount => _table.Count;

    internal string Method { get; }

    internal ParameterTable Table => _table;

    /// <summary>V1: the indices of the fields the reader found (first occurrence), -1 when absent.</summary>
    internal V1FieldIndices V1Fields { get; set; } = V1FieldIndices.None;

    /// <summary>V1: where the (first) <c>Signature</c> parameter's raw value lies.</summary>
    internal RawSlice V1Signature { get; set; }

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
        var table = ParameterTable.Read(request.QueryString, isForm ? request.Body : ReadOnlyMemory<byte>.Empty);
        // The usual methods are already upper case: no scan for letters to change.
        var method = request.Method is "POST" or "GET" ? request.Method : request.Method.ToUpperInvariant();
        var parsed = headers.TryGetValue("Authorization", out var authorization) && authorization.StartsWith("ACS3-", StringComparison.Ordinal)
            ? V3Reader.Read(request, method, table, isForm, authorization)
            : V1Reader.Read(method, table, isForm);
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
    public string? GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_parameters is null && Ascii.IsValid(name))
        {
            var index = _table.IndexOf(name);
            return index < 0 ? null : _table.GetValue(index);
        }

        return Find(Parameters, name);
    }

    /// <summary>The decoded name of the parameter at <paramref name="index"/> (see <see cref="Parameters"/>).</summary>
    /// <param name="index">0 to <see cref="ParameterCount"/> - 1.</param>
    /// <returns>The name; common names are shared instances, not allocated per request.</returns>
    public string GetParameterName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ParameterCount);
        return _parameters is { } list ? list[index].Key : _table.GetName(index);
    }

    /// <summary>The length in UTF-16 characters of the decoded value at <paramref name="index"/>, without decoding it into a string.</summary>
    /// <param name="index">0 to <see cref="ParameterCount"/> - 1.</param>
    /// <returns>The length of <c>Parameters[index].Value</c>.</returns>
    public int GetParameterValueLength(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ParameterCount);
        return _parameters is { } list ? list[index].Value.Length : _table.GetValueLength(index);
    }

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
                SignatureVerifier.WriteV1StringToSign(this, ref builder);
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
                WriteSortedParameters(ref builder, _table.Count, twice: false);
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

    /// <summary>
    /// The first <paramref name="count"/> parameters sorted and percent-encoded, straight from the
    /// raw bytes (<see cref="ParameterTable.TryWriteSorted"/>); from the decoded strings in the rare
    /// case the bytes cannot be used as they are (invalid UTF-8, code points from U+E000).
    /// </summary>
    internal void WriteSortedParameters(ref ByteBuilder builder, int count, bool twice)
    {
        if (!_table.TryWriteSorted(ref builder, count, twice))
        {
            Canonicalizer.WriteSortedQuery(ref builder, Parameters, count, twice);
        }
    }

    internal static string? Find(IReadOnlyList<KeyValuePair<string, string>> parameters, string name)
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

    private string ReadAccessKeyId() =>
        V3 is { } v3 ? v3.ReadCredential()
        : V1Fields.AccessKeyId >= 0 ? _table.GetValue(V1Fields.AccessKeyId)
        : string.Empty;
}
