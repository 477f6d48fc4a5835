namespace Latchkey.Core.Secrets;

/// <summary>
/// A secret encrypted at rest: AES-256-GCM under master key <see cref="KeyVersion"/>.
/// <see cref="Ciphertext"/> holds nonce, ciphertext and tag. <see cref="Format"/> says what the
/// associated data binds: <see cref="LegacyFormat"/> the AccessKeyId alone (rows written before
/// schema 0011, rewritten at start-up), <see cref="OwnerBoundFormat"/> the AccessKeyId, AccountId
/// and UserId, so a row moved to another owner no longer decrypts.
/// </summary>
public sealed record ProtectedSecret(int KeyVersion, byte[] Ciphertext, int Format = ProtectedSecret.LegacyFormat)
{
    public const int LegacyFormat = 1;

    public const int OwnerBoundFormat = 2;
}
