using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Hosting;

/// <summary>Host log events (9000-9099).</summary>
internal static partial class Log
{
    [LoggerMessage(9001, LogLevel.Information, "Store {Store} is migrated; master key version {KeyVersion}")]
    public static partial void StoreMigrated(ILogger logger, string store, int keyVersion);

    [LoggerMessage(9002, LogLevel.Warning, "Writing AccessKey last-use records failed")]
    public static partial void LastUseFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(9053, LogLevel.Warning, "The AccessKey change log cannot be read; this node's key cache is cleared until it can")]
    public static partial void ChangeLogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(9054, LogLevel.Information, "The AccessKey change log is readable again")]
    public static partial void ChangeLogReadable(ILogger logger);

    [LoggerMessage(9055, LogLevel.Information, "Node {NodeId} registered in the store ({HostName}, process {ProcessId}, shares state: {SharesState})")]
    public static partial void NodeRegistered(ILogger logger, string nodeId, string hostName, int processId, bool sharesState);

    [LoggerMessage(9056, LogLevel.Warning, "Writing this node's heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(9057, LogLevel.Information, "Node {NodeId} ({HostName}, process {ProcessId}) stopped beating; its row is removed")]
    public static partial void DeadNodeRemoved(ILogger logger, string nodeId, string hostName, int processId);

    [LoggerMessage(9058, LogLevel.Information, "{Count} AccessKey secret(s) of the legacy format were re-encrypted bound to their owner")]
    public static partial void LegacySecretsUpgraded(ILogger logger, int count);

    [LoggerMessage(9059, LogLevel.Warning, "Running the scheduled AccessKey jobs failed; the next check tries again")]
    public static partial void ScheduledJobsFailed(ILogger logger, Exception exception);
}
