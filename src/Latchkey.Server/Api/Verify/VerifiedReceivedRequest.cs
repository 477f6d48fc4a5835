using Latchkey.Signing;

namespace Latchkey.Server.Api.Verify;

/// <summary>
/// The request to verify, rebuilt from the posted JSON, with the client address the resource
/// server saw (validated), the hosts it serves when it sent them, and the permission question.
/// </summary>
internal sealed record VerifiedReceivedRequest(ReceivedRequest Request, string? SourceIp, IReadOnlyList<string>? AllowedHosts, VerifyAuthorize? Authorize = null);
