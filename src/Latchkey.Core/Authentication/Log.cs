using Microsoft.Extensions.Logging;

namespace Latchkey.Core.Authentication;

/// <summary>Authentication log events (1xxx). Only AccessKeyId, Code and RequestId: never a secret, signature or StringToSign.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Rejected request {RequestId} for {AccessKeyId}: {Code}")]
    public static partial void Rejected(ILogger logger, string requestId, string accessKeyId, string code);

    // The value is not logged: a caller who swapped id and secret would otherwise put the secret in the log.
    [LoggerMessage(1002, LogLevel.Information, "Rejected request {RequestId} with a malformed AccessKeyId: {Code}")]
    public static partial void RejectedMalformedId(ILogger logger, string requestId, string code);

    [LoggerMessage(1003, LogLevel.Information, "Rejected unparsable request {RequestId}: {Code}")]
    public static partial void RejectedUnparsable(ILogger logger, string requestId, string code);

    [LoggerMessage(1004, LogLevel.Warning, "Refused request {RequestId} for {AccessKeyId}: the nonce window is full (NonceStore:Capacity)")]
    public static partial void NonceWindowFull(ILogger logger, string requestId, string accessKeyId);

    [LoggerMessage(1005, LogLevel.Warning, "Failed authentications from {Subject} ({Scope}) passed the limit of this minute; further ones get Throttling.User")]
    public static partial void ThrottlingStarted(ILogger logger, string subject, string scope);

    // Debug: under a flood these would be the log's only content; ThrottlingStarted says it once.
    [LoggerMessage(1006, LogLevel.Debug, "Throttled request {RequestId} of {Subject} ({Scope})")]
    public static partial void Throttled(ILogger logger, string requestId, string subject, string scope);

    // The audit trail of calls made with temporary credentials: role, session and source identity (never the token).
    [LoggerMessage(1007, LogLevel.Information, "Request {RequestId} signed by session {AccessKeyId} of role {RoleName} ({RoleSessionName}, source identity '{SourceIdentity}')")]
    public static partial void SessionAuthenticated(ILogger logger, string requestId, string accessKeyId, string roleName, string roleSessionName, string sourceIdentity);
}
