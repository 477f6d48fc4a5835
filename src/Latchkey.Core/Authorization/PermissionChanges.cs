using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Tells every node that an account's permissions changed, as <c>permissions:&lt;AccountId&gt;</c>,
/// a subject no AccessKeyId can be. It goes the two ways a key change goes: into the store's
/// change log, which every node polls (so it arrives within about a poll even while Redis is
/// down), and onto the change feed (Redis pub/sub across nodes, at once). The change log row is
/// written by the store in the change's own transaction (the change's audit event is marked
/// <see cref="Audit.AuditEvent.ChangesPermissions"/>), so a change never commits without it;
/// <see cref="PublishAsync"/> then tells the feed.
/// </summary>
public sealed class PermissionChanges(IAccessKeyChangeFeed feed)
{
    public const string Prefix = "permissions:";

    /// <summary>Called after the change committed, with its change-log row: tells the other nodes at once.</summary>
    public ValueTask PublishAsync(string accountId, CancellationToken cancellationToken) =>
        feed.PublishAsync(Prefix + accountId, cancellationToken);

    public static bool TryParse(string message, out string accountId)
    {
        ArgumentNullException.ThrowIfNull(message);
        accountId = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : string.Empty;
        return accountId.Length > 0;
    }
}
