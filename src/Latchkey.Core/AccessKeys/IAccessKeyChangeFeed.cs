namespace Latchkey.Core.AccessKeys;

/// <summary>
/// Tells every node that a key changed (status, deletion), so that caches drop it at once.
/// In-process on one node; Redis pub/sub across nodes.
/// </summary>
public interface IAccessKeyChangeFeed
{
    ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> for every change published by any node; dispose to stop.</summary>
    IDisposable Subscribe(Action<string> onChanged);
}
