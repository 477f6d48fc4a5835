using Latchkey.Core.AccessKeys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Tells every node that an account's permissions changed, as <c>permissions:&lt;AccountId&gt;</c>,
/// a subject no AccessKeyId can be. It goes the two ways a key change goes: into the store's
/// change log, which every node polls (so it arrives within about a poll even while Redis is
/// down), and onto the change feed (Redis pub/sub across nodes, at once).
/// </summary>
public sealed partial class PermissionChanges(IAccessKeyChangeFeed feed, IAccessKeyChangeLog log, TimeProvider time, ILogger<PermissionChanges>? logger = null)
{
    public const string Prefix = "permissions:";

    private readonly ILogger _logger = logger ?? NullLogger<PermissionChanges>.Instance;

    /// <summary>Called after the change committed: a failure here must not turn a done change into an error.</summary>
    public async ValueTask PublishAsync(string accountId, CancellationToken cancellationToken)
    {
        var subject = Prefix + accountId;
        try
        {
            await log.AppendChangeAsync(subject, time.GetUtcNow(), cancellationToken);
        }
#pragma warning disable CA1031 // The change is committed; the feed below and the cache's expiry still carry it.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogAppendFailed(_logger, accountId, exception);
        }

        await feed.PublishAsync(subject, cancellationToken);
    }

    public static bool TryParse(string message, out string accountId)
    {
        ArgumentNullException.ThrowIfNull(message);
        accountId = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : string.Empty;
        return accountId.Length > 0;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "The permission change of account {AccountId} could not be written to the change log; other nodes learn it from the change feed or when their cached permissions expire")]
    private static partial void LogAppendFailed(ILogger logger, string accountId, Exception exception);
}
