using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Redis;

/// <summary>Redis log events (9050-9059).</summary>
internal static partial class Log
{
    [LoggerMessage(9050, LogLevel.Warning, "Publishing an AccessKey change to Redis failed; other nodes read it from the change log")]
    public static partial void ChangePublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(9051, LogLevel.Warning, "The Redis connection ({ConnectionType}) dropped ({FailureType}); the AccessKey cache is cleared")]
    public static partial void ChangeFeedInterrupted(ILogger logger, string connectionType, string failureType);

    [LoggerMessage(9052, LogLevel.Information, "The Redis connection ({ConnectionType}) is back; the AccessKey cache is cleared")]
    public static partial void ChangeFeedRestored(ILogger logger, string connectionType);
}
