namespace Latchkey.Signing;

/// <summary>
/// The gateway's authentication error catalogue (spec §9): the only place in Latchkey.Signing
/// where a Code string is written. Codes, statuses and messages are Alibaba's. Every code has
/// docs/errors/&lt;Code&gt;.md.
/// </summary>
public static class SignatureErrors
{
    private const string MismatchPrefix = "Specified signature is not matched with our calculation. server string to sign is:";
    private const string IncompletePrefix = "The request signature does not conform to Aliyun standards. server string to sign is:";

    /// <summary>The request carries neither a V3 <c>Authorization</c> header nor a V1 <c>Signature</c> parameter.</summary>
    public static readonly SignatureError MissingSignature = Missing("Signature");

    /// <summary><c>SignatureMethod</c>/<c>SignatureVersion</c> (V1) or the V3 algorithm is not one this service verifies.</summary>
    public static readonly SignatureError InvalidSignatureMethod = new("InvalidSignatureMethod", 400, "Specified signature method is not valid.");

    /// <summary>The timestamp (<c>Timestamp</c> or <c>x-acs-date</c>) is not <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static readonly SignatureError InvalidTimeStampFormat = new("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted.");

    /// <summary>The timestamp is outside the allowed clock skew (15 minutes either way).</summary>
    public static readonly SignatureError TimestampExpired = new("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.");

    /// <summary>The (AccessKeyId, SignatureNonce) pair was already used inside the window.</summary>
    public static readonly SignatureError NonceUsed = new("SignatureNonceUsed", 400, "Specified signature nonce was used already.");

    /// <summary>The <c>Format</c> parameter is neither JSON nor XML (any case).</summary>
    public static readonly SignatureError InvalidFormat = new("InvalidParameter.Format", 400, "Specified parameter format is not valid.");

    /// <summary>No AccessKey with this AccessKeyId exists (or it was deleted).</summary>
    public static readonly SignatureError AccessKeyNotFound = new("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");

    /// <summary>The AccessKey exists but its status is Inactive.</summary>
    public static readonly SignatureError AccessKeyInactive = new("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled.");

    /// <summary>
    /// V3: the <c>x-acs-content-sha256</c> header is not the SHA-256 of the body that arrived.
    /// Alibaba's code for this case is not documented; this one names the header at fault.
    /// </summary>
    public static readonly SignatureError ContentSha256Mismatch = new("InvalidParameter.ContentSha256", 400, "The x-acs-content-sha256 header does not match the SHA-256 of the request body.");

    /// <summary>
    /// The nonce is longer than 128 characters or holds a character outside printable ASCII
    /// (0x20-0x7E). Alibaba documents no code for this case; this one follows its
    /// <c>InvalidParameter.&lt;Name&gt;</c> pattern and names the parameter at fault.
    /// </summary>
    public static readonly SignatureError InvalidSignatureNonce = new("InvalidParameter.SignatureNonce", 400, "Specified parameter SignatureNonce is not valid: use 1 to 128 printable ASCII characters.");

    /// <summary>
    /// The request names two different content types (the <c>Content-Type</c> given apart and the
    /// <c>content-type</c> header): one could be signed while the other decides what the body is.
    /// </summary>
    public static readonly SignatureError ContentTypeMismatch = new("InvalidParameter.ContentType", 400, "The request names two different content types.");

    /// <summary>
    /// A resource server was sent a V3 request signed for a <c>host</c> it does not serve
    /// (<see cref="SignedHost"/>). Alibaba has no such case; the code names the header at fault.
    /// </summary>
    public static readonly SignatureError HostNotAllowed = new("InvalidParameter.Host", 400, "The request was signed for a host that this service does not answer to.");

    /// <summary>An STS AccessKeyId arrived without a security token.</summary>
    public static readonly SignatureError MissingSecurityToken = Missing("SecurityToken");

    /// <summary>V3: <c>x-acs-accesskey-id</c> names another AccessKeyId than the <c>Credential</c> the token is used with.</summary>
    public static readonly SignatureError SecurityTokenMismatch = new("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey.");

    /// <summary>A required parameter is absent or empty: code <c>Missing&lt;Name&gt;</c>, 400, "&lt;Name&gt; is mandatory for this action.".</summary>
    /// <param name="name">The parameter's name as Alibaba spells it, e.g. <c>AccessKeyId</c>.</param>
    /// <returns>The error for that parameter.</returns>
    public static SignatureError Missing(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new SignatureError("Missing" + name, 400, name + " is mandatory for this action.");
    }

    /// <summary>
    /// The signature data is structurally broken (a malformed V3 <c>Authorization</c>, a required
    /// header left unsigned, a signed header that is absent). The message ends with the server's
    /// StringToSign when one could be computed, else with nothing.
    /// </summary>
    /// <param name="stringToSign">The server's StringToSign, or the empty string.</param>
    /// <returns>The <c>IncompleteSignature</c> error.</returns>
    public static SignatureError IncompleteSignature(string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        return new SignatureError("IncompleteSignature", 400, IncompletePrefix + stringToSign);
    }

    /// <summary>
    /// The recomputed signature differs from the one received. The message is Alibaba's sentence
    /// followed, with no space, by the server's StringToSign: the Go SDK splits on the colon to tell
    /// a wrong secret from an SDK bug. The StringToSign never contains the secret.
    /// </summary>
    /// <param name="stringToSign">The server's StringToSign.</param>
    /// <returns>The <c>SignatureDoesNotMatch</c> error.</returns>
    public static SignatureError SignatureDoesNotMatch(string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        return new SignatureError("SignatureDoesNotMatch", 400, MismatchPrefix + stringToSign);
    }
}
