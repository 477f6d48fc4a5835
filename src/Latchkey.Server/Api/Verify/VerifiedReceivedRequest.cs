using Latchkey.Signing;

namespace Latchkey.Server.Api.Verify;

/// <summary>The request to verify, rebuilt from the posted JSON, with the client address the resource server saw.</summary>
internal sealed record VerifiedReceivedRequest(ReceivedRequest Request, string? SourceIp, VerifyAuthorize? Authorize = null);
