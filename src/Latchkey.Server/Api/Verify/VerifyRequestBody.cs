namespace Latchkey.Server.Api.Verify;

/// <summary>
/// The JSON a resource server posts to <c>/api/verify</c>: the parts of the signed request it
/// received, unchanged. <see cref="Body"/> is the raw body in base64 (the V3 hash covers it byte
/// for byte); <see cref="Headers"/> holds at least the signed ones (authorization, x-acs-*, host).
/// <see cref="AllowedHosts"/>, when sent, are the hosts the resource server serves: a V3 request
/// signed for any other host is refused.
/// <see cref="Authorize"/>, when present, asks for the permission decision in the same call.
/// </summary>
internal sealed record VerifyRequestBody(
    string? Method,
    string? Host,
    string? Path,
    string? Query,
    Dictionary<string, string>? Headers,
    string? Body,
    string? ContentType,
    string? SourceIp,
    List<string>? AllowedHosts = null,
    VerifyAuthorize? Authorize = null);
