using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.Authentication;
using Latchkey.Server.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Latchkey.Server.Redis;

/// <summary>
/// The replay window shared by every node: SET key NX PX, so of two nodes that see the same
/// (AccessKeyId, nonce) exactly one wins, and Redis forgets the pair when the window has passed.
/// The key is the prefix plus the pair's 16-byte <see cref="NonceHash"/> and the value is empty, so
/// every remembered nonce costs Redis the same few bytes whatever the caller sent. Every node must
/// compute the same hash, so its key is derived from the key prefix rather than drawn at random:
/// nonces and AccessKeyIds are not secrets, and a collision could only refuse a request.
/// </summary>
internal sealed class RedisNonceStore : INonceStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly byte[] _prefix;
    private readonly byte[] _hashKey;

    public RedisNonceStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _time = time;
        _prefix = Encoding.UTF8.GetBytes($"{options.Value.KeyPrefix}n:");
        _hashKey = SHA256.HashData(Encoding.UTF8.GetBytes($"latchkey-nonce-v1:{options.Value.KeyPrefix}"));
    }

    public async ValueTask<NonceOutcome> TryAddAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        if (string.IsNullOrEmpty(nonce))
        {
            return NonceOutcome.Invalid;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lifetime = expiresAt - _time.GetUtcNow();
        if (lifetime < TimeSpan.FromMilliseconds(1))
        {
            lifetime = TimeSpan.FromMilliseconds(1);
        }

        var key = KeyOf(accessKeyId, nonce);
        return await _redis.GetDatabase().StringSetAsync(key, RedisValue.EmptyString, lifetime, When.NotExists)
            ? NonceOutcome.Added
            : NonceOutcome.Seen;
    }

    /// <summary>The Redis key of a pair: prefix, "n:", then the 16 raw bytes of its hash.</summary>
    internal RedisKey KeyOf(string accessKeyId, string nonce)
    {
        var key = new byte[_prefix.Length + NonceHash.Size];
        _prefix.CopyTo(key, 0);
        NonceHash.Compute(_hashKey, accessKeyId, nonce).WriteTo(key.AsSpan(_prefix.Length));
        return key;
    }
}
