using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Secrets;

/// <summary>What a protected secret is bound to (its AES-GCM associated data): the key and its owner.</summary>
public sealed record SecretOwner(string AccessKeyId, string AccountId, string? UserId)
{
    public static SecretOwner Of(AccessKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SecretOwner(key.AccessKeyId, key.AccountId, key.UserId);
    }
}
