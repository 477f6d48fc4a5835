using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// Signature V3 (spec §6): the method, path, query, the headers named in <c>SignedHeaders</c> and
/// the body's SHA-256 are signed. A form body's parameters count only when <c>content-type</c> is
/// signed too: the hash covers the bytes, and only the signed content type says they are a form.
/// </summary>
internal static class V3Reader
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly string[] RequiredSigned =
        ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

    public static ParsedRequest Read(
        ReceivedRequest request,
        string method,
        ParameterTable table,
        bool hasFormBody,
        string authorization)
    {
        var headers = request.Headers;
        var formatValid = ReadFormat(table, out var format);
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithmValid = (space < 0 ? authorization.AsSpan() : authorization.AsSpan(0, space)).SequenceEqual(Canonicalizer.V3Algorithm);
        var authorizationValid = TryParseAuthorization(authorization, space + 1, out var credential, out var signedHeaders, out var signatureStart);
        var names = authorizationValid ? SplitSignedHeaders(signedHeaders) : [];
        var signed = new SignedHeaderValues(headers, names);
        var parsed = new ParsedRequest(SignatureVersion.V3, method, table, hasFormBody)
        {
            V3 = authorizationValid ? new V3Parts(Canonicalizer.CanonicalUri(request.Path), signedHeaders, names, signed.Values, authorization, credential, signatureStart) : null,
            Action = signed.Get("x-acs-action")?.Trim() ?? string.Empty,
            Version = signed.Get("x-acs-version")?.Trim() ?? string.Empty,
            Format = format,
        };
        parsed.Error = !formatValid ? SignatureErrors.InvalidFormat
            : !algorithmValid ? SignatureErrors.InvalidSignatureMethod
            : !authorizationValid ? SignatureErrors.IncompleteSignature(string.Empty)
            : Check(parsed, request, signed, hasFormBody);
        return parsed;
    }

    private static SignatureError? Check(ParsedRequest parsed, ReceivedRequest request, SignedHeaderValues signed, bool hasFormBody)
    {
        var v3 = parsed.V3!;
        var date = signed.Get("x-acs-date");
        var nonce = signed.Get("x-acs-signature-nonce")?.Trim();
        var missing = parsed.Action.Length == 0 ? "Action"
            : parsed.Version.Length == 0 ? "Version"
            : date is null ? "Timestamp"
            : string.IsNullOrEmpty(nonce) ? "SignatureNonce"
            : null;
        if (missing is not null)
        {
            return SignatureErrors.Missing(missing);
        }

        if (!signed.AllPresent)
        {
            return SignatureErrors.IncompleteSignature(string.Empty);
        }

        var names = v3.SignedHeaderNames;
        var securityToken = signed.Get("x-acs-security-token");
        var contentSha256 = signed.Get("x-acs-content-sha256");
        // Every list KnownSignedHeaders holds has the required names.
        if (contentSha256 is null
            || (KnownSignedHeaders.NamesOf(v3.SignedHeaders) is null && !ContainsAll(names, RequiredSigned))
            || (securityToken is not null && !Contains(names, "x-acs-security-token")))
        {
            return SignatureErrors.IncompleteSignature(string.Empty);
        }

        if (hasFormBody && !Contains(names, "content-type"))
        {
            return SignatureErrors.IncompleteSignature(string.Empty);
        }

        if (BodySha256(request.Body.Span, contentSha256.Trim()) is not { } bodySha256)
        {
            return SignatureErrors.ContentSha256Mismatch;
        }

        if (securityToken is not null && signed.Get("x-acs-accesskey-id") is { } keyHeader && !keyHeader.AsSpan().Trim().SequenceEqual(v3.Credential))
        {
            return SignatureErrors.SecurityTokenMismatch;
        }

        if (!RequestFields.IsWellFormedNonce(nonce))
        {
            return SignatureErrors.InvalidSignatureNonce;
        }

        if (!RequestFields.TryParseTimestamp(date!.AsSpan().Trim(), out var timestamp))
        {
            return SignatureErrors.InvalidTimeStampFormat;
        }

        parsed.SignatureNonce = nonce!;
        parsed.Timestamp = timestamp;
        parsed.SecurityToken = securityToken is null ? null : RequestFields.NullIfEmpty(securityToken.Trim());
        parsed.Host = signed.Get("host")!.Trim();
        v3.BodySha256 = bodySha256;
        v3.Checked = true;
        return null;
    }

    /// <summary>
    /// The body's lower-case hex SHA-256 when <paramref name="received"/> names it (hex of either
    /// case), else null. The received string itself is kept when it is already lower case, so a
    /// matching request allocates no copy.
    /// </summary>
    private static string? BodySha256(ReadOnlySpan<byte> body, string received)
    {
        if (body.IsEmpty)
        {
            return string.Equals(received, Canonicalizer.EmptyBodySha256, StringComparison.OrdinalIgnoreCase) ? Canonicalizer.EmptyBodySha256 : null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        Span<byte> hex = stackalloc byte[2 * SHA256.HashSizeInBytes];
        Canonicalizer.WriteLowerHex(hash, hex);
        if (received.Length != hex.Length || !Ascii.EqualsIgnoreCase(hex, received))
        {
            return null;
        }

        return Ascii.Equals(hex, received) ? received : Encoding.ASCII.GetString(hex);
    }

    private static bool ReadFormat(ParameterTable table, out string? format)
    {
        format = null;
        var index = table.IndexOf("Format");
        if (index < 0)
        {
            return true;
        }

        var value = table.GetValue(index);
        return RequestFields.TryReadFormat(value, out format);
    }

    /// <summary>
    /// <c>Credential=..,SignedHeaders=..,Signature=..</c>; SDKs put no space after the commas, others
    /// may. Each part must appear once and be non-empty; the signature must be 64 hex digits. The
    /// credential and signature are returned as positions in <paramref name="authorization"/>.
    /// </summary>
    private static bool TryParseAuthorization(string authorization, int from, out Range credential, out string signedHeaders, out int signatureStart)
    {
        credential = default;
        signedHeaders = string.Empty;
        signatureStart = -1;
        if (from <= 0)
        {
            return false;
        }

        var rest = authorization.AsSpan(from);
        foreach (var range in rest.Split(','))
        {
            var segment = rest[range];
            var part = segment.Trim();
            var partStart = from + range.Start.GetOffset(rest.Length) + (segment.Length - segment.TrimStart().Length);
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq];
            var afterEq = part[(eq + 1)..];
            var value = afterEq.Trim();
            var valueStart = partStart + eq + 1 + (afterEq.Length - afterEq.TrimStart().Length);
            if (value.IsEmpty)
            {
                return false;
            }

            switch (key)
            {
                case "Credential" when credential.Equals(default(Range)):
                    credential = new Range(valueStart, valueStart + value.Length);
                    break;
                case "SignedHeaders" when signedHeaders.Length == 0:
                    signedHeaders = KnownSignedHeaders.Find(value) ?? value.ToString();
                    break;
                case "Signature" when signatureStart < 0:
                    // Hex digits of either case (spec §6.2); exactly a SHA-256 HMAC's worth. The
                    // verifier decodes them; here it is enough that they would decode.
                    if (value.Length != 2 * HMACSHA256.HashSizeInBytes || value.ContainsAnyExcept(HexDigits))
                    {
                        return false;
                    }

                    signatureStart = valueStart;
                    break;
                default:
                    return false;
            }
        }

        return !credential.Equals(default(Range)) && signedHeaders.Length > 0 && signatureStart >= 0;
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

    /// <summary>
    /// The signed headers' values, each looked up once, and the other headers on demand: the
    /// readers ask for most headers by name, and nearly all of them are signed.
    /// </summary>
    private readonly struct SignedHeaderValues
    {
        private readonly IReadOnlyDictionary<string, string> _headers;
        private readonly string[] _names;

        public SignedHeaderValues(IReadOnlyDictionary<string, string> headers, string[] names)
        {
            _headers = headers;
            _names = names;
            Values = names.Length == 0 ? [] : new string?[names.Length];
            AllPresent = true;
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].Length > 0 && headers.TryGetValue(names[i], out var value))
                {
                    Values[i] = value;
                }
                else
                {
                    AllPresent = false;
                }
            }
        }

        /// <summary>The value of each signed header, in <c>SignedHeaders</c> order (null when absent, then <see cref="AllPresent"/> is false).</summary>
        public string?[] Values { get; }

        /// <summary>True when every name in <c>SignedHeaders</c> is non-empty and present.</summary>
        public bool AllPresent { get; }

        /// <summary>A header's value, or null when absent (names compare case-insensitively, as the dictionary's do).</summary>
        public string? Get(string name)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return Values[i];
                }
            }

            return _headers.TryGetValue(name, out var value) ? value : null;
        }
    }

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
}
