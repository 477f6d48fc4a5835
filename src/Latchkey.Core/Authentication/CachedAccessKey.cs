using Latchkey.Core.AccessKeys;
using Latchkey.Core.Principals;
using Latchkey.Signing;

namespace Latchkey.Core.Authentication;

/// <summary>
/// What the hot path needs of a key: status, the principal it proves, and the secret prepared for
/// verifying (<see cref="SigningKey"/>). No decrypted secret is kept beside it. The cache owns
/// <see cref="SigningKey"/> and disposes it when it drops the entry; a verify that finds it
/// disposed (<see cref="ParsedRequest.TryVerify"/>) looks the key up again.
/// </summary>
public sealed record CachedAccessKey(AccessKey Key, Principal Principal, SigningKey SigningKey);
