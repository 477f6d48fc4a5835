namespace Latchkey.Core.Authentication;

/// <summary>The replay window: remembers (AccessKeyId, SignatureNonce) pairs until they expire.</summary>
public interface INonceStore
{
    /// <summary>True when the pair was not seen before and is now recorded until <paramref name="expiresAt"/>.</summary>
    ValueTask<bool> TryAddAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
