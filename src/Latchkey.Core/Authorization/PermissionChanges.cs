using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Authorization;

/// <summary>
/// Tells every node that an account's permissions changed. It rides the AccessKey change feed
/// (in-process, or Redis pub/sub across nodes) with a prefix no AccessKeyId can have, so the
/// bound that holds for key changes holds for permission changes too.
/// </summary>
public sealed class PermissionChanges(IAccessKeyChangeFeed feed)
{
    public const string Prefix = "permissions:";

    public ValueTask PublishAsync(string accountId, CancellationToken cancellationToken) =>
        feed.PublishAsync(Prefix + accountId, cancellationToken);

    public static bool TryParse(string message, out string accountId)
    {
        ArgumentNullException.ThrowIfNull(message);
        accountId = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..] : string.Empty;
        return accountId.Length > 0;
    }
}
