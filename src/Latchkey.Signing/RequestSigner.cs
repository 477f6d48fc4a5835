using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// Signs RPC calls the way Alibaba Cloud's official SDKs do: V1 like pop-core and the Go SDK, V3
/// like the generated openapi-core product clients. Used by <c>latchkey call</c> and by tests.
/// </summary>
public static partial class RequestSigner
{
    /// <summary>The <c>Content-Type</c> of a form body.</summary>
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>Signs <paramref name="call"/> with signature V1 (HMAC-SHA1).</summary>
    /// <param name="call">The operation and its parameters.</param>
    /// <param name="accessKeyId">The AccessKeyId to sign with.</param>
    /// <param name="accessKeySecret">Its secret.</param>
    /// <param name="method"><c>GET</c> or <c>POST</c>; it is part of the StringToSign.</param>
    /// <param name="placement">Query (GET or POST) or form body (POST only).</param>
    /// <param name="nonce">A value unique per request, e.g. 32 random hex characters.</param>
    /// <param name="timestamp">The signing time; sent as <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC.</param>
    /// <param name="securityToken">The STS token when signing with STS credentials.</param>
    /// <returns>The request to send.</returns>
    public static SignedHttpRequest SignV1(RpcCall call, string accessKeyId, string accessKeySecret, string method, V1Placement placement, string nonce, DateTimeOffset timestamp, string? securityToken = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        method = method?.ToUpperInvariant() ?? throw new ArgumentNullException(nameof(method));
        if (method is not ("GET" or "POST"))
        {
            throw new ArgumentException("Method must be GET or POST.", nameof(method));
        }

        if (placement == V1Placement.Form && method == "GET")
        {
            throw new ArgumentException("A form body needs POST.", nameof(placement));
        }

        var parameters = new List<KeyValuePair<string, string>>(call.Parameters.Count + 10)
        {
            new("AccessKeyId", accessKeyId),
            new("Action", call.Action),
        };
        if (!HasParameter(call.Parameters, "Format"))
        {
            parameters.Add(new("Format", "JSON"));
        }

        parameters.Add(new("SignatureMethod", "HMAC-SHA1"));
        parameters.Add(new("SignatureNonce", nonce));
        parameters.Add(new("SignatureVersion", "1.0"));
        parameters.Add(new("Timestamp", FormatTimestamp(timestamp)));
        parameters.Add(new("Version", call.Version));
        if (securityToken is not null)
        {
            parameters.Add(new("SecurityToken", securityToken));
        }

        parameters.AddRange(call.Parameters);

        string stringToSign;
        var builder = new ByteBuilder(1024);
        try
        {
            Canonicalizer.WriteV1StringToSign(ref builder, method, parameters);
            stringToSign = Encoding.ASCII.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what signature V1 is defined with.
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.ASCII.GetBytes(stringToSign)));
#pragma warning restore CA5350
        parameters.Add(new("Signature", signature));
        var encoded = EncodeForm(parameters);
        var headers = new List<KeyValuePair<string, string>>
        {
            // pop-core sends these unsigned; a server must ignore them on a V1 request.
            new("x-acs-action", call.Action),
            new("x-acs-version", call.Version),
        };
        return placement == V1Placement.Query
            ? new SignedHttpRequest(method, "/?" + encoded, headers, [], null, stringToSign)
            : new SignedHttpRequest(method, "/", headers, Encoding.UTF8.GetBytes(encoded), FormContentType, stringToSign);
    }

    /// <summary>Signs <paramref name="call"/> with signature V3 (ACS3-HMAC-SHA256), sent as POST unless <paramref name="method"/> says GET.</summary>
    /// <param name="call">The operation and its parameters.</param>
    /// <param name="accessKeyId">The AccessKeyId to sign with.</param>
    /// <param name="accessKeySecret">Its secret.</param>
    /// <param name="host">The <c>host</c> header exactly as the server will see it, with <c>:port</c> when not the default.</param>
    /// <param name="nonce">A value unique per request, e.g. 64 random hex characters.</param>
    /// <param name="timestamp">The signing time; sent as <c>x-acs-date</c>.</param>
    /// <param name="parametersInBody">Send the parameters in a form body (signed through the body hash and <c>content-type</c>) instead of the query.</param>
    /// <param name="securityToken">The STS token when signing with STS credentials.</param>
    /// <param name="method"><c>POST</c> (the SDKs' choice) or <c>GET</c>, which carries the parameters in the query; the canonical request covers it.</param>
    /// <returns>The request to send.</returns>
    public static SignedHttpRequest SignV3(RpcCall call, string accessKeyId, string accessKeySecret, string host, string nonce, DateTimeOffset timestamp, bool parametersInBody = false, string? securityToken = null, string method = "POST")
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentNullException.ThrowIfNull(accessKeySecret);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (method is not ("POST" or "GET") || (method == "GET" && parametersInBody))
        {
            throw new ArgumentException("V3 signs POST, or GET with the parameters in the query.", nameof(method));
        }

        var encoded = EncodeForm(call.Parameters);
        var body = parametersInBody ? Encoding.UTF8.GetBytes(encoded) : [];
        var contentType = parametersInBody ? FormContentType : null;
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-acs-action"] = call.Action,
            ["x-acs-content-sha256"] = Canonicalizer.Sha256Hex(body),
            ["x-acs-date"] = FormatTimestamp(timestamp),
            ["x-acs-signature-nonce"] = nonce,
            ["x-acs-version"] = call.Version,
        };
        if (securityToken is not null)
        {
            signed["x-acs-security-token"] = securityToken;
        }

        var pathAndQuery = parametersInBody || encoded.Length == 0 ? "/" : "/?" + encoded;
        return SignV3Headers(method, "/", call.Parameters, parametersInBody ? 0 : call.Parameters.Count, signed, contentType, accessKeyId, accessKeySecret, pathAndQuery, body);
    }

    /// <summary>Formats a signing time as the wire wants it: <c>yyyy-MM-ddTHH:mm:ssZ</c>, UTC.</summary>
    /// <param name="timestamp">The time.</param>
    /// <returns>The formatted timestamp.</returns>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A fresh nonce: 32 lower-case hex characters from the CSPRNG, like pop-core's.</summary>
    /// <returns>The nonce.</returns>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The V3 steps shared by every signer: adds <c>content-type</c> to <paramref name="signed"/> when there
    /// is one, signs the canonical request, and returns the request with every signed header but
    /// <c>content-type</c> (sent as the content's own header) plus <c>Authorization</c>.
    /// </summary>
    private static SignedHttpRequest SignV3Headers(
        string method,
        string canonicalUri,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        int queryCount,
        SortedDictionary<string, string> signed,
        string? contentType,
        string accessKeyId,
        string accessKeySecret,
        string pathAndQuery,
        byte[] body)
    {
        if (contentType is not null)
        {
            signed["content-type"] = contentType;
        }

        var names = signed.Keys.ToArray();
        var values = signed.Values.ToArray();
        var signedHeaders = string.Join(';', names);

        Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];
        var builder = new ByteBuilder(1024);
        try
        {
            Canonicalizer.WriteV3CanonicalRequest(ref builder, method, canonicalUri, parameters, queryCount, names, values, signedHeaders, signed["x-acs-content-sha256"]);
            Canonicalizer.WriteV3StringToSign(builder.Written, stringToSign);
        }
        finally
        {
            builder.Dispose();
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKeySecret), stringToSign));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in signed)
        {
            if (header.Key != "content-type")
            {
                headers.Add(header);
            }
        }

        headers.Add(new("Authorization", $"{Canonicalizer.V3Algorithm} Credential={accessKeyId},SignedHeaders={signedHeaders},Signature={signature}"));
        return new SignedHttpRequest(method, pathAndQuery, headers, body, contentType, Encoding.ASCII.GetString(stringToSign));
    }

    private static string EncodeForm(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var parameter in parameters)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Rfc3986.Encode(parameter.Key)).Append('=').Append(Rfc3986.Encode(parameter.Value));
        }

        return text.ToString();
    }

    private static bool HasParameter(IReadOnlyList<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Key == name)
            {
                return true;
            }
        }

        return false;
    }
}
