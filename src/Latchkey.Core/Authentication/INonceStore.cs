namespace Latchkey.Core.Authentication;

/// <summary>
/// The replay window: remembers (AccessKeyId, SignatureNonce) pairs until they expire. Stores keep
/// a fixed-size hash of the pair (<see cref="NonceHash"/>), never the strings, so a remembered nonce
/// costs the same whatever the caller sent.
/// </summary>
public interface INonceStore
{
    /// <summary>
    /// <see cref="NonceOutcome.Added"/> when the pair was not seen before and is now recorded until
    /// <paramref name="expiresAt"/>; <see cref="NonceOutcome.Seen"/> for a replay;
    /// <see cref="NonceOutcome.Full"/> when there is no room to remember it;
    /// <see cref="NonceOutcome.Invalid"/> for an empty nonce.
    /// </summary>
    ValueTask<NonceOutcome> TryAddAsync(string accessKeyId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
