using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>Encrypts secrets at rest under a master key that the database never holds.</summary>
public interface ISecretProtector
{
    /// <summary>The master key version new secrets are encrypted under.</summary>
    int CurrentKeyVersion { get; }

    ProtectedSecret Protect(string accessKeyId, AccessKeySecret secret);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when tampered or keyed wrongly: a broken store is a bug, not a request error.</summary>
    AccessKeySecret Unprotect(string accessKeyId, ProtectedSecret secret);
}
