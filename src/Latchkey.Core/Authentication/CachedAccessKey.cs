using Latchkey.Core.AccessKeys;
using Latchkey.Core.Principals;
using Latchkey.Signing;

namespace Latchkey.Core.Authentication;

/// <summary>
/// What the hot path needs of a key: status, decrypted secret, the principal it proves, and the
/// secret prepared for verifying (<see cref="SigningKey"/>). The cache owns <see cref="SigningKey"/>
/// and disposes it when it drops the entry; a verify that finds it disposed falls back to
/// <see cref="Secret"/>, which gives the same answer.
/// </summary>
public sealed record CachedAccessKey(AccessKey Key, AccessKeySecret Secret, Principal Principal, SigningKey SigningKey);
