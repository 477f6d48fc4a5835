namespace Latchkey.Core.Secrets;

/// <summary>
/// A secret encrypted at rest: AES-256-GCM under master key <see cref="KeyVersion"/>, with the
/// AccessKeyId as associated data. <see cref="Ciphertext"/> holds nonce, ciphertext and tag.
/// </summary>
public sealed record ProtectedSecret(int KeyVersion, byte[] Ciphertext);
