using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>Host log events (9000-9099).</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Information, "Store {Store} is migrated; master key version {KeyVersion}")]
    public static partial void StoreMigrated(ILogger logger, string store, int keyVersion);

    [LoggerMessage(9002, LogLevel.Warning, "Writing AccessKey last-use records failed")]
    public static partial void LastUseFlushFailed(ILogger logger, Exception exception);
}
