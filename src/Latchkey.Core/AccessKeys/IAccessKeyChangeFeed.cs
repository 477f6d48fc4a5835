namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Tells every node that a key changed (status, deletion, owner renamed), so that caches drop it
/// at once. In-process on one node; Redis pub/sub across nodes. The store's change log
/// (<see cref="IAccessKeyChangeLog"/>) is the durable record: the feed is the fast path, and a
/// change it fails to carry still reaches every node through the log.
/// </summary>
public interface IAccessKeyChangeFeed
{
    /// <summary>Tells this node's subscribers at once and the other nodes as soon as the feed can; never throws for a feed outage.</summary>
    ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> for every change published by any node; dispose to stop.</summary>
    IDisposable Subscribe(Action<string> onChanged);

    /// <summary>
    /// Calls <paramref name="onReset"/> whenever changes may have been missed (the feed's
    /// connection dropped or came back, the change log could not be read in time): a subscriber
    /// drops everything it holds.
    /// </summary>
    IDisposable SubscribeToResets(Action onReset);
}
