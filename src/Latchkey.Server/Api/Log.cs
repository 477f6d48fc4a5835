using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Api;

/// <summary>RPC endpoint log events (9100-9199). Never a secret, a signature, a password or a body.</summary>
internal static partial class Log
{
    // Debug: one line per accepted call cost more throughput than the signature check (docs/performance.md).
    // Failures stay at Information; changes are in the audit trail either way.
    [LoggerMessage(9101, LogLevel.Debug, "Request {RequestId} {Action} by {AccessKeyId} succeeded")]
    public static partial void ActionSucceeded(ILogger logger, string requestId, string action, string accessKeyId);

    [LoggerMessage(9102, LogLevel.Information, "Request {RequestId} {Action} by {AccessKeyId} failed: {Code}")]
    public static partial void ActionFailed(ILogger logger, string requestId, string action, string accessKeyId, string code);

    [LoggerMessage(9103, LogLevel.Information, "Request {RequestId} {Action} for {AccessKeyId} rejected: {Code}")]
    public static partial void Rejected(ILogger logger, string requestId, string action, string accessKeyId, string code);

    [LoggerMessage(9104, LogLevel.Error, "Request {RequestId} failed with an unhandled exception")]
    public static partial void Unhandled(ILogger logger, Exception exception, string requestId);
}
