using Microsoft.Extensions.Logging;

namespace Latchkey.Core.KeyGuard;

/// <summary>Key guard log events (21xx): AccessKeyId, source address, RequestId; never a secret or a leaked token.</summary>
internal static partial class Log
{
    [LoggerMessage(2102, LogLevel.Information, "Refused request {RequestId} for {AccessKeyId} from {SourceIp}: outside the key's network policy")]
    public static partial void NetworkPolicyRefused(ILogger logger, string requestId, string accessKeyId, string sourceIp);

    [LoggerMessage(2103, LogLevel.Information, "Request {RequestId} for {AccessKeyId} from {SourceIp} is outside the key's network policy (AuditOnly: allowed, recorded)")]
    public static partial void NetworkPolicyAudited(ILogger logger, string requestId, string accessKeyId, string sourceIp);

    [LoggerMessage(2104, LogLevel.Warning, "Canary AccessKey {AccessKeyId} signed request {RequestId} ({Action}) from {SourceIp}: someone holds its secret")]
    public static partial void CanaryTripped(ILogger logger, string accessKeyId, string requestId, string action, string sourceIp);

    [LoggerMessage(2105, LogLevel.Information, "Canary AccessKey {AccessKeyId} signed request {RequestId} from {SourceIp} again")]
    public static partial void CanaryUsedAgain(ILogger logger, string accessKeyId, string requestId, string sourceIp);

    [LoggerMessage(2106, LogLevel.Warning, "Leak report from {Source} for AccessKey {AccessKeyId}: {Action} applied")]
    public static partial void LeakReported(ILogger logger, string source, string accessKeyId, LeakAction action);

    [LoggerMessage(2107, LogLevel.Information, "Leak report from {Source} named no key of this service")]
    public static partial void LeakReportUnknownKey(ILogger logger, string source);

    [LoggerMessage(2108, LogLevel.Error, "Recording the first use of canary AccessKey {AccessKeyId} failed")]
    public static partial void CanaryRecordFailed(ILogger logger, string accessKeyId, Exception exception);

    [LoggerMessage(2109, LogLevel.Information, "Refused request {RequestId} for {AccessKeyId}: the key is restricted after a leak report")]
    public static partial void LeakRestricted(ILogger logger, string requestId, string accessKeyId);
}
