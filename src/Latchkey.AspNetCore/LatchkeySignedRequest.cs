using Latchkey.Signing;

namespace Latchkey.AspNetCore;

/// <summary>
/// What a verified request signed, set as an <c>HttpContext</c> feature when authentication
/// succeeds: read parameters from <see cref="Parameters"/> rather than from <c>Request.Query</c>
/// or <c>Request.Form</c>, which decode the request a second time by other rules.
/// </summary>
/// <remarks>
/// Get it with <c>context.Features.Get&lt;LatchkeySignedRequest&gt;()</c>. V3 covers the method, the
/// path, the query, the signed headers (at least <c>host</c> and <c>x-acs-*</c>) and the body bytes;
/// V1 (off unless <see cref="LatchkeyAuthenticationOptions.AllowSignatureV1"/>) covers only the
/// query and form parameters.
/// </remarks>
public sealed class LatchkeySignedRequest
{
    private readonly ParsedRequest _parsed;

    internal LatchkeySignedRequest(ParsedRequest parsed)
    {
        _parsed = parsed;
        SignatureVersion = parsed.SignatureVersion;
        Host = parsed.Host;
    }

    /// <summary>V1 or V3.</summary>
    public SignatureVersion SignatureVersion { get; }

    /// <summary>The query parameters, then the form-body parameters, decoded once (on first use), as signed (V1 without <c>Signature</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parsed.Parameters;

    /// <summary>The signed <c>host</c> (V3), or null (V1 signs none).</summary>
    public string? Host { get; }
}
