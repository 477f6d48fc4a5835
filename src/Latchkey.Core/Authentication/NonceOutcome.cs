namespace Latchkey.Core.Authentication;

/// <summary>What a nonce store answered for one (AccessKeyId, SignatureNonce) pair.</summary>
public enum NonceOutcome
{
    /// <summary>Not seen inside the window; now remembered until it expires.</summary>
    Added,

    /// <summary>Seen inside the window: a replay.</summary>
    Seen,

    /// <summary>The store has no room left for another nonce; the request must be refused, never accepted unremembered.</summary>
    Full,

    /// <summary>The nonce is empty or not a nonce at all; refused without touching the store.</summary>
    Invalid,
}
