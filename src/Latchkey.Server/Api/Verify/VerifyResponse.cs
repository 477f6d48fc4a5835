namespace Latchkey.Server.Api.Verify;

/// <summary>
/// The success body of <c>/api/verify</c>: the principal and the operation the verified request
/// named, and, when the call asked (<c>Authorize</c>), the permission decision.
/// </summary>
internal sealed record VerifyResponse(string RequestId, VerifiedPrincipal Principal, string Action, string Version, VerifyAuthorization? Authorization = null);
