using Latchkey.Core.Authentication;
using Latchkey.Server.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Latchkey.Server.Redis;

/// <summary>
/// The replay window shared by every node: SET key NX PX, so of two nodes that see the same
/// (AccessKeyId, nonce) exactly one wins, and Redis forgets the pair when the window has passed.
/// </summary>
internal sealed class RedisNonceStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider time) : INonceStore
{
    public async ValueTask<bool> TryAddAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        cancellationToken.ThrowIfCancellationRequested();
        var lifetime = expiresAt - time.GetUtcNow();
        if (lifetime < TimeSpan.FromMilliseconds(1))
        {
            lifetime = TimeSpan.FromMilliseconds(1);
        }

        var key = new RedisKey($"{options.Value.KeyPrefix}nonce:{accessKeyId}:{nonce}");
        return await redis.GetDatabase().StringSetAsync(key, RedisValue.EmptyString, lifetime, When.NotExists);
    }
}
