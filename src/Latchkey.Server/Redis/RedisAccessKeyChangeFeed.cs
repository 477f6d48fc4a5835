using Latchkey.Core.AccessKeys;
using Latchkey.Server.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Latchkey.Server.Redis;

/// <summary>
/// Tells every node that a key changed, over Redis pub/sub. Local subscribers are told before the
/// publish returns, so the node that made the change never serves the old key on its next
/// request; other nodes hear it as soon as Redis delivers the message.
/// </summary>
internal sealed class RedisAccessKeyChangeFeed : IAccessKeyChangeFeed
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;
    private readonly InProcessAccessKeyChangeFeed _local = new();

    public RedisAccessKeyChangeFeed(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _channel = RedisChannel.Literal($"{options.Value.KeyPrefix}accesskey-changes");
        _redis.GetSubscriber().Subscribe(_channel, (_, message) =>
        {
            if (message.HasValue)
            {
                _local.PublishAsync(message.ToString(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        });
    }

    public async ValueTask PublishAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        await _local.PublishAsync(accessKeyId, cancellationToken);
        await _redis.GetSubscriber().PublishAsync(_channel, accessKeyId);
    }

    public IDisposable Subscribe(Action<string> onChanged) => _local.Subscribe(onChanged);
}
