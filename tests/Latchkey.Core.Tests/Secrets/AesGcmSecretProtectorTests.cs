using System.Security.Cryptography;
using System.Text;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Tests.Secrets;

public sealed class AesGcmSecretProtectorTests
{
    private const string Account = "1000000000000001";

    private static AesGcmSecretProtector NewProtector(byte[]? key = null) =>
        new(MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = key ?? RandomNumberGenerator.GetBytes(32) }));

    private static SecretOwner NewOwner(string? userId = null) => new(AccessKeyIdFormat.NewAccessKeyId("LK"), Account, userId);

    [Fact]
    public void ProtectThenUnprotect_RoundTrips_InTheOwnerBoundFormat()
    {
        var protector = NewProtector();
        var owner = NewOwner("200000000000001");
        var secret = AccessKeyIdFormat.NewSecret();

        var protectedSecret = protector.Protect(owner, secret);

        Assert.Equal(1, protectedSecret.KeyVersion);
        Assert.Equal(ProtectedSecret.OwnerBoundFormat, protectedSecret.Format);
        Assert.Equal(12 + 30 + 16, protectedSecret.Ciphertext.Length);
        Assert.Equal(secret.Reveal(), protector.Unprotect(owner, protectedSecret).Reveal());
    }

    [Fact]
    public void Protect_SameSecretTwice_UsesFreshNonces()
    {
        var protector = NewProtector();
        var owner = NewOwner();
        var secret = AccessKeyIdFormat.NewSecret();

        var a = protector.Protect(owner, secret);
        var b = protector.Protect(owner, secret);

        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var protector = NewProtector();
        var owner = NewOwner();
        var protectedSecret = protector.Protect(owner, AccessKeyIdFormat.NewSecret());

        for (var i = 0; i < protectedSecret.Ciphertext.Length; i += 7)
        {
            var tampered = (byte[])protectedSecret.Ciphertext.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner, protectedSecret with { Ciphertext = tampered }));
        }
    }

    [Fact]
    public void Unprotect_UnderAnotherAccessKeyId_Throws()
    {
        var protector = NewProtector();
        var owner = NewOwner();
        var protectedSecret = protector.Protect(owner, AccessKeyIdFormat.NewSecret());

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner with { AccessKeyId = AccessKeyIdFormat.NewAccessKeyId("LK") }, protectedSecret));
    }

    [Fact]
    public void A_row_moved_to_another_user_or_account_no_longer_decrypts()
    {
        var protector = NewProtector();
        var owner = NewOwner("200000000000001");
        var protectedSecret = protector.Protect(owner, AccessKeyIdFormat.NewSecret());

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner with { UserId = "200000000000002" }, protectedSecret));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner with { UserId = null }, protectedSecret));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner with { AccountId = "1000000000000002" }, protectedSecret));

        // Claiming the legacy format (AccessKeyId only) does not unbind it either.
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(owner, protectedSecret with { Format = ProtectedSecret.LegacyFormat }));
    }

    [Fact]
    public void A_legacy_row_bound_to_the_AccessKeyId_alone_still_decrypts()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var owner = NewOwner("200000000000001");
        var secret = AccessKeyIdFormat.NewSecret();
        var legacy = SealLegacy(key, owner.AccessKeyId, secret.Reveal());

        Assert.Equal(secret.Reveal(), NewProtector(key).Unprotect(owner, new ProtectedSecret(1, legacy)).Reveal());
        Assert.ThrowsAny<CryptographicException>(() => NewProtector(key).Unprotect(owner, new ProtectedSecret(1, legacy, ProtectedSecret.OwnerBoundFormat)));
    }

    [Fact]
    public void Unprotect_WithAnotherMasterKey_Throws()
    {
        var owner = NewOwner();
        var protectedSecret = NewProtector().Protect(owner, AccessKeyIdFormat.NewSecret());

        Assert.ThrowsAny<CryptographicException>(() => NewProtector().Unprotect(owner, protectedSecret));
    }

    /// <summary>What the protector wrote before schema 0011: the AccessKeyId alone as associated data.</summary>
    internal static byte[] SealLegacy(byte[] key, string accessKeyId, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), Encoding.UTF8.GetBytes(accessKeyId));
        return output;
    }
}
