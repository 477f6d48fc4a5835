using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>Encrypts secrets at rest under a master key that the database never holds.</summary>
public interface ISecretProtector
{
    /// <summary>The master key version new secrets are encrypted under.</summary>
    int CurrentKeyVersion { get; }

    /// <summary>Encrypts under the current master key version, bound to the key and its owner.</summary>
    ProtectedSecret Protect(SecretOwner owner, AccessKeySecret secret);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when tampered, moved to another owner or keyed wrongly: a broken store is a bug, not a request error.</summary>
    AccessKeySecret Unprotect(SecretOwner owner, ProtectedSecret secret);
}
