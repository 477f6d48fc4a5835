using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore;

/// <summary>Log events of the handler. Never a secret, a signature or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Latchkey verified {AccessKeyId} ({Arn}), verify request {RequestId}")]
    public static partial void Verified(ILogger logger, string accessKeyId, string arn, string requestId);

    [LoggerMessage(2, LogLevel.Information, "Latchkey refused the request: {Code}, verify request {RequestId}")]
    public static partial void Refused(ILogger logger, string code, string requestId);

    [LoggerMessage(3, LogLevel.Error, "Latchkey refused this resource server's verify call: {Code} {Message}; check the configured AccessKey and its permission")]
    public static partial void VerifyCallRefused(ILogger logger, string code, string message);

    [LoggerMessage(4, LogLevel.Error, "The Latchkey server could not be reached")]
    public static partial void Unreachable(ILogger logger, Exception exception);
}
