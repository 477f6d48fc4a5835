namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The change feed of a single node: subscribers are called synchronously on publish. Also the
/// local half of the Redis feed and where changes read from the store's change log are delivered.
/// </summary>
public sealed class InProcessAccessKeyChangeFeed : IAccessKeyChangeFeed
{
    private readonly Lock _lock = new();
    private Action<string>[] _subscribers = [];
    private Action[] _resetSubscribers = [];

    public ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(accessKeyId);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Tells every reset subscriber that changes may have been missed.</summary>
    public void Reset()
    {
        foreach (var subscriber in Volatile.Read(ref _resetSubscribers))
        {
            subscriber();
        }
    }

    public IDisposable Subscribe(Action<string> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onChanged];
        }

        return new Subscription(() =>
        {
            lock (_lock)
            {
                _subscribers = _subscribers.Where(s => s != onChanged).ToArray();
            }
        });
    }

    public IDisposable SubscribeToResets(Action onReset)
    {
        ArgumentNullException.ThrowIfNull(onReset);
        lock (_lock)
        {
            _resetSubscribers = [.. _resetSubscribers, onReset];
        }

        return new Subscription(() =>
        {
            lock (_lock)
            {
                _resetSubscribers = _resetSubscribers.Where(s => s != onReset).ToArray();
            }
        });
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
