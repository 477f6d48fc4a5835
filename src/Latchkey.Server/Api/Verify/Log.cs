using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Api.Verify;

/// <summary>Verify API log events (9200-9299). Never a secret, a signature or a body.</summary>
internal static partial class Log
{
    // Debug, as 9101: a line per verified request is the resource server's business, not ours.
    [LoggerMessage(9201, LogLevel.Debug, "Verify {RequestId} by {CallerAccessKeyId}: request of {AccessKeyId} verified")]
    public static partial void Verified(ILogger logger, string requestId, string callerAccessKeyId, string accessKeyId);

    [LoggerMessage(9202, LogLevel.Information, "Verify {RequestId}: {Scope} refused with {Code}")]
    public static partial void Refused(ILogger logger, string requestId, string scope, string code);
}
