using Latchkey.Core.AccessKeys;
using Latchkey.Server.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Latchkey.Server.Redis;

/// <summary>
/// Tells every node that a key changed, over Redis pub/sub: the fast path. Local subscribers are
/// told before the publish returns, so the node that made the change never serves the old key on
/// its next request; other nodes hear it as soon as Redis delivers the message. Redis is never
/// awaited by the caller: a change is already committed (with its change-log row) when it is
/// published, so a Redis outage costs the other nodes up to one poll of the change log
/// (<see cref="AccessKeyChangePoller"/>), never the caller a 500. When the connection drops or
/// comes back, messages may have been lost: every subscriber is told to reset.
/// </summary>
internal sealed class RedisAccessKeyChangeFeed : IAccessKeyChangeFeed, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;
    private readonly InProcessAccessKeyChangeFeed _local;
    private readonly ILogger<RedisAccessKeyChangeFeed> _logger;

    public RedisAccessKeyChangeFeed(IConnectionMultiplexer redis, IOptions<RedisOptions> options, InProcessAccessKeyChangeFeed local, ILogger<RedisAccessKeyChangeFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _local = local;
        _logger = logger;
        _channel = RedisChannel.Literal($"{options.Value.KeyPrefix}accesskey-changes");
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        _redis.GetSubscriber().Subscribe(_channel, (_, message) =>
        {
            if (message.HasValue)
            {
                // The in-process feed completes synchronously.
                _local.PublishAsync(message.ToString(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        });
    }

    public async ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await _local.PublishAsync(accessKeyId, cancellationToken);
        _ = PublishToRedisAsync(accessKeyId);
    }

    public IDisposable Subscribe(Action<string> onChanged) => _local.Subscribe(onChanged);

    public IDisposable SubscribeToResets(Action onReset) => _local.SubscribeToResets(onReset);

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
    }

    private async Task PublishToRedisAsync(string accessKeyId)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, accessKeyId);
        }
#pragma warning disable CA1031 // The change is committed and in the change log; the other nodes read it there.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ChangePublishFailed(_logger, exception);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ChangeFeedInterrupted(_logger, e.ConnectionType.ToString(), e.FailureType.ToString());
        _local.Reset();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ChangeFeedRestored(_logger, e.ConnectionType.ToString());
        _local.Reset();
    }
}
