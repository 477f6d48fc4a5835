using Latchkey.Core.AccessKeys;
using Latchkey.Core.Principals;

namespace Latchkey.Core.Authentication;

/// <summary>What the hot path needs of a key: status, decrypted secret, and the principal it proves.</summary>
public sealed record CachedAccessKey(AccessKey Key, AccessKeySecret Secret, Principal Principal);
