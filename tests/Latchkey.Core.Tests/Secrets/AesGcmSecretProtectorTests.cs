using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Tests.Secrets;

public sealed class AesGcmSecretProtectorTests
{
    private static AesGcmSecretProtector NewProtector() =>
        new(MasterKeyRing.FromKeys(new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }));

    [Fact]
    public void ProtectThenUnprotect_RoundTrips()
    {
        var protector = NewProtector();
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var secret = AccessKeyIdFormat.NewSecret();

        var protectedSecret = protector.Protect(id, secret);

        Assert.Equal(1, protectedSecret.KeyVersion);
        Assert.Equal(12 + 30 + 16, protectedSecret.Ciphertext.Length);
        Assert.Equal(secret.Reveal(), protector.Unprotect(id, protectedSecret).Reveal());
    }

    [Fact]
    public void Protect_SameSecretTwice_UsesFreshNonces()
    {
        var protector = NewProtector();
        var secret = AccessKeyIdFormat.NewSecret();

        var a = protector.Protect("LKid", secret);
        var b = protector.Protect("LKid", secret);

        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var protector = NewProtector();
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var protectedSecret = protector.Protect(id, AccessKeyIdFormat.NewSecret());

        for (var i = 0; i < protectedSecret.Ciphertext.Length; i += 7)
        {
            var tampered = (byte[])protectedSecret.Ciphertext.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(id, protectedSecret with { Ciphertext = tampered }));
        }
    }

    [Fact]
    public void Unprotect_UnderAnotherAccessKeyId_Throws()
    {
        var protector = NewProtector();
        var protectedSecret = protector.Protect(AccessKeyIdFormat.NewAccessKeyId("LK"), AccessKeyIdFormat.NewSecret());

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(AccessKeyIdFormat.NewAccessKeyId("LK"), protectedSecret));
    }

    [Fact]
    public void Unprotect_WithAnotherMasterKey_Throws()
    {
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");
        var protectedSecret = NewProtector().Protect(id, AccessKeyIdFormat.NewSecret());

        Assert.ThrowsAny<CryptographicException>(() => NewProtector().Unprotect(id, protectedSecret));
    }
}
