using System.Security.Cryptography;

namespace Latchkey.Signing;

/// <summary>
/// Signature V3 (spec §6): the method, path, query, the headers named in <c>SignedHeaders</c> and
/// the body's SHA-256 are signed. A form body's parameters count only when <c>content-type</c> is
/// signed too: the hash covers the bytes, and only the signed content type says they are a form.
/// </summary>
internal static class V3Reader
{
    private static readonly string[] RequiredSigned =
        ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

    public static ParsedRequest Read(
        ReceivedRequest request,
        string method,
        List<KeyValuePair<string, string>> parameters,
        int queryCount,
        bool hasFormBody,
        string authorization)
    {
        var headers = request.Headers;
        var formatValid = RequestFields.TryReadFormat(ParsedRequest.Find(parameters, "Format"), out var format);
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? authorization : authorization[..space];
        var authorizationValid = TryParseAuthorization(authorization.AsSpan(space + 1), out var credential, out var signedHeaders, out var signature);
        var names = authorizationValid ? SplitSignedHeaders(signedHeaders) : [];
        var parsed = new ParsedRequest(SignatureVersion.V3, method, parameters, hasFormBody)
        {
            V3Signature = signature,
            V3 = authorizationValid ? new V3Parts(queryCount, Canonicalizer.CanonicalUri(request.Path), signedHeaders, names, new string[names.Length]) : null,
            Action = Header(headers, "x-acs-action")?.Trim() ?? string.Empty,
            Version = Header(headers, "x-acs-version")?.Trim() ?? string.Empty,
            Format = format,
        };
        parsed.Error = !formatValid ? SignatureErrors.InvalidFormat
            : algorithm != Canonicalizer.V3Algorithm ? SignatureErrors.InvalidSignatureMethod
            : !authorizationValid ? SignatureErrors.IncompleteSignature(string.Empty)
            : Check(parsed, request, credential, hasFormBody);
        return parsed;
    }

    private static SignatureError? Check(ParsedRequest parsed, ReceivedRequest request, string credential, bool hasFormBody)
    {
        var headers = request.Headers;
        var v3 = parsed.V3!;
        var date = Header(headers, "x-acs-date");
        var nonce = Header(headers, "x-acs-signature-nonce")?.Trim();
        var missing = parsed.Action.Length == 0 ? "Action"
            : parsed.Version.Length == 0 ? "Version"
            : date is null ? "Timestamp"
            : string.IsNullOrEmpty(nonce) ? "SignatureNonce"
            : null;
        if (missing is not null)
        {
            return SignatureErrors.Missing(missing);
        }

        var names = v3.SignedHeaderNames;
        var values = v3.SignedHeaderValues;
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0 || !headers.TryGetValue(names[i], out var value))
            {
                return SignatureErrors.IncompleteSignature(string.Empty);
            }

            values[i] = value;
        }

        var securityToken = Header(headers, "x-acs-security-token");
        var contentSha256 = Header(headers, "x-acs-content-sha256");
        if (contentSha256 is null || !ContainsAll(names, RequiredSigned) || (securityToken is not null && !Contains(names, "x-acs-security-token")))
        {
            return SignatureErrors.IncompleteSignature(string.Empty);
        }

        if (hasFormBody && !Contains(names, "content-type"))
        {
            return SignatureErrors.IncompleteSignature(string.Empty);
        }

        var bodySha256 = Canonicalizer.Sha256Hex(request.Body.Span);
        if (!string.Equals(contentSha256.Trim(), bodySha256, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureErrors.ContentSha256Mismatch;
        }

        if (securityToken is not null && Header(headers, "x-acs-accesskey-id") is { } keyHeader && keyHeader.Trim() != credential)
        {
            return SignatureErrors.SecurityTokenMismatch;
        }

        if (!RequestFields.IsWellFormedNonce(nonce))
        {
            return SignatureErrors.InvalidSignatureNonce;
        }

        if (!RequestFields.TryParseTimestamp(date!.Trim(), out var timestamp))
        {
            return SignatureErrors.InvalidTimeStampFormat;
        }

        parsed.AccessKeyId = credential;
        parsed.SignatureNonce = nonce!;
        parsed.Timestamp = timestamp;
        parsed.SecurityToken = securityToken is null ? null : RequestFields.NullIfEmpty(securityToken.Trim());
        parsed.Host = Header(headers, "host")!.Trim();
        v3.BodySha256 = bodySha256;
        return null;
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
                        signature = [];
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

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : null;

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
