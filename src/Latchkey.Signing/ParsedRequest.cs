using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// A received request whose signature data has been read and shape-checked (spec §3, §5, §6), ready
/// to be verified against an AccessKey secret. Parsing needs no secret and touches no store, so a
/// server can reject malformed requests before looking a key up.
/// </summary>
public sealed class ParsedRequest
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    private static readonly string[] V1Required =
        ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Action", "Version"];

    private static readonly string[] V3RequiredSigned =
        ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    private readonly List<KeyValuePair<string, string>> _parameters;
    private readonly string _method;
    // V1: the received Base64 text, decoded on the stack in Verify (a string is allocated anyway
    // when the parameter is decoded). V3: the 32 bytes decoded straight from the header.
    private readonly string _v1Signature = string.Empty;
    private readonly byte[] _v3Signature = [];
    private V3Parts? _v3;

    private ParsedRequest(string method, List<KeyValuePair<string, string>> parameters, string v1Signature)
    {
        SignatureVersion = SignatureVersion.V1;
        _method = method;
        _parameters = parameters;
        _v1Signature = v1Signature;
    }

    private ParsedRequest(string method, List<KeyValuePair<string, string>> parameters, byte[] v3Signature)
    {
        SignatureVersion = SignatureVersion.V3;
        _method = method;
        _parameters = parameters;
        _v3Signature = v3Signature;
    }

    /// <summary>Which signature scheme the request uses.</summary>
    public SignatureVersion SignatureVersion { get; }

    /// <summary>The caller's AccessKeyId (V1 <c>AccessKeyId</c>, V3 <c>Credential</c>).</summary>
    public string AccessKeyId { get; private set; } = string.Empty;

    /// <summary>The nonce (V1 <c>SignatureNonce</c>, V3 <c>x-acs-signature-nonce</c>).</summary>
    public string SignatureNonce { get; private set; } = string.Empty;

    /// <summary>When the client signed the request (V1 <c>Timestamp</c>, V3 <c>x-acs-date</c>), in UTC.</summary>
    public DateTimeOffset Timestamp { get; private set; }

    /// <summary>The operation (V1 <c>Action</c>, V3 <c>x-acs-action</c>).</summary>
    public string Action { get; private set; } = string.Empty;

    /// <summary>The API version (V1 <c>Version</c>, V3 <c>x-acs-version</c>).</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The STS token (V1 <c>SecurityToken</c>, V3 <c>x-acs-security-token</c>), or null.</summary>
    public string? SecurityToken { get; private set; }

    /// <summary>The <c>Format</c> parameter normalised to <c>JSON</c> or <c>XML</c>, or null when absent.</summary>
    public string? Format { get; private set; }

    /// <summary>
    /// The decoded query parameters followed by the decoded form-body parameters, in arrival order,
    /// repeated names kept. For V1 the <c>Signature</c> parameter is left out.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>Reads a request's signature data and checks its shape; verifies nothing yet.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="parsed">The parsed request, when the shape is right.</param>
    /// <param name="error">Why the request was refused, otherwise.</param>
    /// <returns>True when <paramref name="parsed"/> is set.</returns>
    public static bool TryParse(ReceivedRequest request, [NotNullWhen(true)] out ParsedRequest? parsed, [NotNullWhen(false)] out SignatureError? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isForm = IsForm(request.ContentType);
        var capacity = (request.QueryString is { Length: > 0 } q ? q.AsSpan().Count('&') + 1 : 0)
            + (isForm && !request.Body.IsEmpty ? request.Body.Span.Count((byte)'&') + 1 : 0);
        var parameters = new List<KeyValuePair<string, string>>(capacity);
        if (request.QueryString is { Length: > 0 } query)
        {
            FormDecoder.AddQuery(query[0] == '?' ? query[1..] : query, parameters);
        }

        var queryCount = parameters.Count;
        if (isForm)
        {
            FormDecoder.AddForm(request.Body.Span, parameters);
        }

        var method = request.Method.ToUpperInvariant();
        if (request.Headers.TryGetValue("Authorization", out var authorization) && authorization.StartsWith("ACS3-", StringComparison.Ordinal))
        {
            return TryParseV3(request, method, parameters, queryCount, authorization, out parsed, out error);
        }

        return TryParseV1(method, parameters, out parsed, out error);
    }

    /// <summary>The first value of a parameter, or null when it is absent.</summary>
    /// <param name="name">The parameter name (case-sensitive, as Alibaba's are).</param>
    /// <returns>The decoded value, or null.</returns>
    public string? GetParameter(string name) => Find(_parameters, name);

    /// <summary>
    /// Recomputes the signature with <paramref name="accessKeySecret"/> and compares it in constant
    /// time. Allocates nothing when the signature matches.
    /// </summary>
    /// <param name="accessKeySecret">The secret of <see cref="AccessKeyId"/>.</param>
    /// <returns>Null when the signature is valid; otherwise <c>SignatureDoesNotMatch</c> whose message ends with the server's StringToSign.</returns>
    public SignatureError? Verify(string accessKeySecret)
    {
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        return SignatureVersion == SignatureVersion.V1 ? VerifyV1(accessKeySecret) : VerifyV3(accessKeySecret);
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
                Canonicalizer.WriteV1StringToSign(ref builder, _method, _parameters);
                return Encoding.ASCII.GetString(builder.Written);
            }

            WriteV3CanonicalRequest(ref builder);
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
                WriteV3CanonicalRequest(ref builder);
            }

            return Encoding.UTF8.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static bool TryParseV1(string method, List<KeyValuePair<string, string>> parameters, [NotNullWhen(true)] out ParsedRequest? parsed, [NotNullWhen(false)] out SignatureError? error)
    {
        parsed = null;
        var signature = Find(parameters, "Signature");
        if (signature is null)
        {
            error = SignatureErrors.MissingSignature;
            return false;
        }

        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            if (parameters[i].Key == "Signature")
            {
                parameters.RemoveAt(i);
            }
        }

        if (!TryReadFormat(parameters, out var format, out error))
        {
            return false;
        }

        foreach (var name in V1Required)
        {
            if (string.IsNullOrEmpty(Find(parameters, name)))
            {
                error = SignatureErrors.Missing(name);
                return false;
            }
        }

        if (signature.Length == 0)
        {
            error = SignatureErrors.MissingSignature;
            return false;
        }

        if (Find(parameters, "SignatureMethod") != "HMAC-SHA1" || Find(parameters, "SignatureVersion") != "1.0")
        {
            error = SignatureErrors.InvalidSignatureMethod;
            return false;
        }

        if (!TryParseTimestamp(Find(parameters, "Timestamp")!, out var timestamp))
        {
            error = SignatureErrors.InvalidTimeStampFormat;
            return false;
        }

        parsed = new ParsedRequest(method, parameters, signature)
        {
            AccessKeyId = Find(parameters, "AccessKeyId")!,
            SignatureNonce = Find(parameters, "SignatureNonce")!,
            Timestamp = timestamp,
            Action = Find(parameters, "Action")!,
            Version = Find(parameters, "Version")!,
            SecurityToken = NullIfEmpty(Find(parameters, "SecurityToken")),
            Format = format,
        };
        error = null;
        return true;
    }

    private static bool TryParseV3(
        ReceivedRequest request,
        string method,
        List<KeyValuePair<string, string>> parameters,
        int queryCount,
        string authorization,
        [NotNullWhen(true)] out ParsedRequest? parsed,
        [NotNullWhen(false)] out SignatureError? error)
    {
        parsed = null;
        var headers = request.Headers;
        if (!TryReadFormat(parameters, out var format, out error))
        {
            return false;
        }

        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? authorization : authorization[..space];
        if (algorithm != Canonicalizer.V3Algorithm)
        {
            error = SignatureErrors.InvalidSignatureMethod;
            return false;
        }

        if (!TryParseAuthorization(authorization.AsSpan(space + 1), out var credential, out var signedHeaders, out var signature))
        {
            error = SignatureErrors.IncompleteSignature(string.Empty);
            return false;
        }

        var action = Header(headers, "x-acs-action");
        var version = Header(headers, "x-acs-version");
        var date = Header(headers, "x-acs-date");
        var nonce = Header(headers, "x-acs-signature-nonce");
        var contentSha256 = Header(headers, "x-acs-content-sha256");
        var missing = action is null ? "Action" : version is null ? "Version" : date is null ? "Timestamp" : nonce is null ? "SignatureNonce" : null;
        if (missing is not null)
        {
            error = SignatureErrors.Missing(missing);
            return false;
        }

        var securityToken = Header(headers, "x-acs-security-token");
        var names = SplitSignedHeaders(signedHeaders);
        var values = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0 || !headers.TryGetValue(names[i], out var value))
            {
                error = SignatureErrors.IncompleteSignature(string.Empty);
                return false;
            }

            values[i] = value;
        }

        if (contentSha256 is null || !ContainsAll(names, V3RequiredSigned) || (securityToken is not null && !Contains(names, "x-acs-security-token")))
        {
            error = SignatureErrors.IncompleteSignature(string.Empty);
            return false;
        }

        var bodySha256 = Canonicalizer.Sha256Hex(request.Body.Span);
        if (!string.Equals(contentSha256.Trim(), bodySha256, StringComparison.OrdinalIgnoreCase))
        {
            error = SignatureErrors.ContentSha256Mismatch;
            return false;
        }

        if (securityToken is not null && Header(headers, "x-acs-accesskey-id") is { } keyHeader && keyHeader.Trim() != credential)
        {
            error = SignatureErrors.SecurityTokenMismatch;
            return false;
        }

        if (!TryParseTimestamp(date!.Trim(), out var timestamp))
        {
            error = SignatureErrors.InvalidTimeStampFormat;
            return false;
        }

        parsed = new ParsedRequest(method, parameters, signature)
        {
            AccessKeyId = credential,
            SignatureNonce = nonce!.Trim(),
            Timestamp = timestamp,
            Action = action!.Trim(),
            Version = version!.Trim(),
            SecurityToken = securityToken is null ? null : NullIfEmpty(securityToken.Trim()),
            Format = format,
            _v3 = new V3Parts(queryCount, Canonicalizer.CanonicalUri(request.Path), signedHeaders, names, values, bodySha256),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// <c>Credential=..,SignedHeaders=..,Signature=..</c>; SDKs put no space after the commas, others
    /// may. Each part must appear once and be non-empty; the signature must be 64 hex digits.
    /// </summary>
    private static bool TryParseAuthorization(ReadOnlySpan<char> rest, out string credential, out string signedHeaders, out byte[] signature)
    {
        credential = signedHeaders = string.Empty;
        signature = [];
        foreach (var range in rest.Split(','))
        {
            var part = rest[range].Trim();
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq];
            var value = part[(eq + 1)..].Trim();
            if (value.IsEmpty)
            {
                return false;
            }

            switch (key)
            {
                case "Credential" when credential.Length == 0:
                    credential = value.ToString();
                    break;
                case "SignedHeaders" when signedHeaders.Length == 0:
                    signedHeaders = KnownSignedHeaders.Find(value) ?? value.ToString();
                    break;
                case "Signature" when signature.Length == 0:
                    // Hex digits of either case (spec §6.2); exactly a SHA-256 HMAC's worth.
                    signature = new byte[HMACSHA256.HashSizeInBytes];
                    if (value.Length != 2 * signature.Length
                        || Convert.FromHexString(value, signature, out _, out var written) != System.Buffers.OperationStatus.Done
                        || written != signature.Length)
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length > 0;
    }

    private static string[] SplitSignedHeaders(string signedHeaders)
    {
        if (KnownSignedHeaders.NamesOf(signedHeaders) is { } known)
        {
            return known;
        }

        var span = signedHeaders.AsSpan();
        var names = new string[span.Count(';') + 1];
        var index = 0;
        foreach (var range in span.Split(';'))
        {
            names[index++] = KnownText.Get(span[range]);
        }

        return names;
    }

    private static bool TryReadFormat(List<KeyValuePair<string, string>> parameters, out string? format, [NotNullWhen(false)] out SignatureError? error)
    {
        error = null;
        format = null;
        var raw = Find(parameters, "Format");
        if (raw is null)
        {
            return true;
        }

        if (raw.Equals("JSON", StringComparison.OrdinalIgnoreCase))
        {
            format = "JSON";
            return true;
        }

        if (raw.Equals("XML", StringComparison.OrdinalIgnoreCase))
        {
            format = "XML";
            return true;
        }

        error = SignatureErrors.InvalidFormat;
        return false;
    }

    private static bool TryParseTimestamp(string value, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    private static bool IsForm(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim();
        return mediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Find(List<KeyValuePair<string, string>> parameters, string name)
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

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool Contains(string[] names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAll(string[] names, string[] required)
    {
        foreach (var name in required)
        {
            if (!Contains(names, name))
            {
                return false;
            }
        }

        return true;
    }

    private void WriteV3CanonicalRequest(ref ByteBuilder builder) =>
        Canonicalizer.WriteV3CanonicalRequest(ref builder, _method, _v3!.CanonicalUri, _parameters, _v3.QueryCount, _v3.SignedHeaderNames, _v3.SignedHeaderValues, _v3.SignedHeaders, _v3.BodySha256);

    private SignatureError? VerifyV1(string accessKeySecret)
    {
        var builder = new ByteBuilder(1024);
        try
        {
            Canonicalizer.WriteV1StringToSign(ref builder, _method, _parameters);
            var keyMax = Encoding.UTF8.GetMaxByteCount(accessKeySecret.Length) + 1;
            var key = keyMax <= 512 ? stackalloc byte[keyMax] : new byte[keyMax];
            var keyLength = Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: true, key);
            Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // HMAC-SHA1 is what signature V1 is defined with; the scheme is not ours to change.
            HMACSHA1.HashData(key[..keyLength], builder.Written, expected);
#pragma warning restore CA5350
            CryptographicOperations.ZeroMemory(key);
            Span<byte> received = stackalloc byte[32];
            var decoded = Convert.TryFromBase64String(_v1Signature, received, out var written) && written == expected.Length;
            if (decoded && CryptographicOperations.FixedTimeEquals(expected, received[..written]))
            {
                return null;
            }

            return SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(builder.Written));
        }
        finally
        {
            builder.Dispose();
        }
    }

    private SignatureError? VerifyV3(string accessKeySecret)
    {
        Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];
        var builder = new ByteBuilder(1024);
        try
        {
            WriteV3CanonicalRequest(ref builder);
            Canonicalizer.WriteV3StringToSign(builder.Written, stringToSign);
        }
        finally
        {
            builder.Dispose();
        }

        var keyMax = Encoding.UTF8.GetMaxByteCount(accessKeySecret.Length);
        var key = keyMax <= 512 ? stackalloc byte[keyMax] : new byte[keyMax];
        var keyLength = Canonicalizer.WriteKey(accessKeySecret, appendAmpersand: false, key);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key[..keyLength], stringToSign, expected);
        CryptographicOperations.ZeroMemory(key);
        if (CryptographicOperations.FixedTimeEquals(expected, _v3Signature))
        {
            return null;
        }

        return SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(stringToSign));
    }
}
