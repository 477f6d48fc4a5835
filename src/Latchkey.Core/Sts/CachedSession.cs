using Latchkey.Core.Principals;
using Latchkey.Signing;

namespace Latchkey.Core.Sts;

/// <summary>An opened SecurityToken, ready for the hot path: the principal it proves and its secret prepared for verifying.</summary>
public sealed class CachedSession(string accessKeyId, Principal principal, SigningKey signingKey)
{
    public string AccessKeyId { get; } = accessKeyId;

    public Principal Principal { get; } = principal;

    public RoleSession Session => Principal.Session!;

    /// <summary>Disposed when the entry leaves the cache; a verify that meets it disposed opens the token again.</summary>
    public SigningKey SigningKey { get; } = signingKey;
}
