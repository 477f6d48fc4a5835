using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Api.Verify;

/// <summary>Verify API log events (9200-9299). Never a secret, a signature or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(9201, LogLevel.Information, "Verify {RequestId} by {CallerAccessKeyId}: request of {AccessKeyId} verified")]
    public static partial void Verified(ILogger logger, string requestId, string callerAccessKeyId, string accessKeyId);

    [LoggerMessage(9202, LogLevel.Information, "Verify {RequestId}: {Scope} refused with {Code}")]
    public static partial void Refused(ILogger logger, string requestId, string scope, string code);
}
