namespace Latchkey.Core.AccessKeys;

/// <summary>The change feed of a single node: subscribers are called synchronously on publish.</summary>
public sealed class InProcessAccessKeyChangeFeed : IAccessKeyChangeFeed
{
    private readonly Lock _lock = new();
    private Action<string>[] _subscribers = [];

    public ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(accessKeyId);
        }

        return ValueTask.CompletedTask;
    }

    public IDisposable Subscribe(Action<string> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onChanged];
        }

        return new Subscription(this, onChanged);
    }

    private void Unsubscribe(Action<string> onChanged)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Where(s => s != onChanged).ToArray();
        }
    }

    private sealed class Subscription(InProcessAccessKeyChangeFeed feed, Action<string> onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unsubscribe(onChanged);
            }
        }
    }
}
