using System.Security.Cryptography;
using System.Text;
using Latchkey.Signing.Tests.Fuzz;

namespace Latchkey.Signing.Tests;

#pragma warning disable CA5350 // Signature V1 is defined with HMAC-SHA1; these tests pin it against the framework's.

/// <summary>
/// The native-digest fast path (libcrypto's low-level SHA-1/SHA-256 and HMAC by midstate) gives
/// byte for byte what .NET's own HMACSHA1, HMACSHA256 and SHA256 give, on this Linux machine
/// really runs, and the forced framework path gives the same.
/// </summary>
public sealed class NativeDigestTests
{
    // Message lengths around SHA's 64-byte blocks and its 55/56-byte padding edge, then a typical
    // StringToSign, a typical canonical request, and past the GC-transition limit.
    private static readonly int[] MessageLengths =
        [0, 1, 2, 31, 32, 55, 56, 57, 63, 64, 65, 100, 119, 120, 121, 127, 128, 129, 183, 184, 191, 192, 255, 256, 447, 450, 700, 1023, 1024, 1100, 4096, 4097, 20000];

    public static TheoryData<bool> BothPaths => [true, false];

    [Fact]
    public void NativeDigest_OnLinux_IsAvailableAndUsedByDefault()
    {
        // On this project's Linux machines a silent fallback would make every other test here
        // prove only the framework path; elsewhere the fallback is the expected outcome.
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(NativeDigest.IsAvailable, NativeDigest.Status);
            return;
        }

        using var key = new SigningKey(SigningModes.Secret);

        Assert.True(NativeDigest.IsAvailable, NativeDigest.Status);
        Assert.True(NativeDigest.IsEnabled, NativeDigest.Status);
        Assert.StartsWith("native: libcrypto.so", NativeDigest.Status, StringComparison.Ordinal);
        Assert.True(key.UsesNativeDigest);
        Assert.Equal(4 * NativeHash.ContextBytes, key.Midstates.Length);
    }

    [Fact]
    public void FrameworkKey_UsesNoNativeState()
    {
        using var key = new SigningKey(SigningModes.Secret, useNativeDigest: false);

        Assert.False(key.UsesNativeDigest);
        Assert.True(key.Midstates.IsEmpty);
    }

    [Fact]
    public void HashData_EveryLengthUpTo1100_MatchesFramework()
    {
        RequireNative();
        var data = RandomBytes(new FuzzRandom(11), 1100);
        Span<byte> native = stackalloc byte[32];
        Span<byte> framework = stackalloc byte[32];

        for (var length = 0; length <= data.Length; length++)
        {
            var message = data.AsSpan(0, length);
            NativeDigest.Sha1.HashData(message, native);
            SHA1.HashData(message, framework);
            Assert.True(native[..20].SequenceEqual(framework[..20]), $"SHA-1, length {length}");
            NativeDigest.Sha256.HashData(message, native);
            SHA256.HashData(message, framework);
            Assert.True(native.SequenceEqual(framework), $"SHA-256, length {length}");
        }
    }

    [Fact]
    public void Update_InPiecesAndBeyondTheTransitionLimit_MatchesOneShot()
    {
        RequireNative();
        var random = new FuzzRandom(12);
        var data = RandomBytes(random, 70_000);
        Span<byte> context = stackalloc byte[NativeHash.ContextBytes];
        Span<byte> native = stackalloc byte[32];

        foreach (var length in (int[])[100, 4096, 4097, 9000, 70_000])
        {
            var message = data.AsSpan(0, length);
            NativeDigest.Sha256.Init(context);
            var offset = 0;
            while (offset < length)
            {
                var piece = Math.Min(length - offset, 1 + random.Next(5000));
                NativeDigest.Sha256.Update(context, message.Slice(offset, piece));
                offset += piece;
            }

            NativeDigest.Sha256.Final(context, native);
            Assert.Equal(SHA256.HashData(message), native.ToArray());
            NativeDigest.Sha1.HashData(message, native);
            Assert.Equal(SHA1.HashData(message), native[..20].ToArray());
        }
    }

    [Fact]
    public void HmacData_RandomKeysOfEveryLengthTo200_MatchesFramework()
    {
        RequireNative();
        var random = new FuzzRandom(13);
        var data = RandomBytes(random, 20_000);
        Span<byte> native = stackalloc byte[32];

        for (var keyLength = 1; keyLength <= 200; keyLength++)
        {
            var key = RandomBytes(random, keyLength);
            foreach (var length in MessageLengths)
            {
                var message = data.AsSpan(0, length);
                NativeDigest.Sha1.HmacData(key, message, native);
                Assert.True(native[..20].SequenceEqual(HMACSHA1.HashData(key, message)), $"HMAC-SHA1, key {keyLength}, message {length}");
                NativeDigest.Sha256.HmacData(key, message, native);
                Assert.True(native.SequenceEqual(HMACSHA256.HashData(key, message)), $"HMAC-SHA256, key {keyLength}, message {length}");
            }
        }
    }

    [Fact]
    public void ComputeHmac_ManyMessagesOnePreparedKey_LeavesTheMidstatesUnchanged()
    {
        RequireNative();
        var random = new FuzzRandom(14);
        var key = RandomBytes(random, 30);
        var contexts = new byte[2 * NativeHash.ContextBytes];
        var inner = contexts.AsSpan(0, NativeHash.ContextBytes);
        var outer = contexts.AsSpan(NativeHash.ContextBytes);
        NativeDigest.Sha256.PrepareHmac(key, inner, outer);
        var prepared = contexts.ToArray();
        Span<byte> native = stackalloc byte[32];

        for (var i = 0; i < 300; i++)
        {
            var message = RandomBytes(random, random.Next(1200));
            NativeDigest.Sha256.ComputeHmac(inner, outer, message, native);
            Assert.True(native.SequenceEqual(HMACSHA256.HashData(key, message)), $"message {i}");
        }

        Assert.Equal(prepared, contexts);
    }

    // RFC 2202 section 3, test cases 1-7.
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b617318655057264e28bc0b6fb378c8ef146be00")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dd*50", "125d7342b9ac11cd91a39af48aa17b4f63f175d3")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50", "4c9007f4026250c6bc8414f9bf50c86c2d7235da")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")]
    [InlineData("aa*80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "aa4ae5e15272d00e95705637ce8a3b55ed402112")]
    [InlineData("aa*80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b657920616e64204c6172676572205468616e204f6e6520426c6f636b2d53697a652044617461", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")]
    public void HmacSha1_Rfc2202Vectors(string key, string data, string expected)
    {
        RequireNative();
        Span<byte> mac = stackalloc byte[20];

        NativeDigest.Sha1.HmacData(Bytes(key), Bytes(data), mac);

        Assert.Equal(expected, Convert.ToHexStringLower(mac));
        Assert.Equal(expected, Convert.ToHexStringLower(HMACSHA1.HashData(Bytes(key), Bytes(data))));
    }

    // RFC 4231 section 4, test cases 1-7 (case 5 is truncated to 128 bits there).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dd*50", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b")]
    [InlineData("aa*131", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData("aa*131", "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
    public void HmacSha256_Rfc4231Vectors(string key, string data, string expected)
    {
        RequireNative();
        Span<byte> mac = stackalloc byte[32];

        NativeDigest.Sha256.HmacData(Bytes(key), Bytes(data), mac);

        Assert.StartsWith(expected, Convert.ToHexStringLower(mac), StringComparison.Ordinal);
        Assert.StartsWith(expected, Convert.ToHexStringLower(HMACSHA256.HashData(Bytes(key), Bytes(data))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void SigningKey_RandomSecretsOfEveryLengthTo200_MatchesFrameworkHmac(bool useNativeDigest)
    {
        if (useNativeDigest)
        {
            RequireNative();
        }

        var random = new FuzzRandom(15);
        var data = RandomBytes(random, 2000);
        Span<byte> mac = stackalloc byte[32];

        // V1 keys are secret + "&", so a 64-character secret is the first whose V1 key exceeds a block.
        for (var secretLength = 1; secretLength <= 200; secretLength++)
        {
            var secret = RandomSecret(random, secretLength);
            using var key = new SigningKey(secret, useNativeDigest);
            Assert.Equal(useNativeDigest, key.UsesNativeDigest);
            var v1Key = Encoding.UTF8.GetBytes(secret + "&");
            var v3Key = Encoding.UTF8.GetBytes(secret);
            foreach (var length in MessageLengths.Where(l => l <= data.Length))
            {
                var message = data.AsSpan(0, length);
                Assert.True(key.TryComputeV1(message, mac));
                Assert.True(mac[..20].SequenceEqual(HMACSHA1.HashData(v1Key, message)), $"V1, secret {secretLength}, message {length}");
                Assert.True(key.TryComputeV3(message, mac));
                Assert.True(mac.SequenceEqual(HMACSHA256.HashData(v3Key, message)), $"V3, secret {secretLength}, message {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public void WriteV3StringToSign_EitherPath_IsTheSha256OfTheCanonicalRequest(bool useNativeDigest)
    {
        if (useNativeDigest)
        {
            RequireNative();
        }

        var random = new FuzzRandom(16);
        Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];

        foreach (var length in MessageLengths)
        {
            var canonicalRequest = RandomBytes(random, length);
            Canonicalizer.WriteV3StringToSign(canonicalRequest, stringToSign, useNativeDigest);
            Assert.Equal("ACS3-HMAC-SHA256\n" + Convert.ToHexStringLower(SHA256.HashData(canonicalRequest)), Encoding.ASCII.GetString(stringToSign));
        }
    }

    [Theory]
    [InlineData(SigningMode.V1GetQuery)]
    [InlineData(SigningMode.V1PostForm)]
    [InlineData(SigningMode.V3Query)]
    [InlineData(SigningMode.V3Form)]
    public void Verify_NativeAndFrameworkKeys_GiveTheSameAnswers(SigningMode mode)
    {
        RequireNative();
        const string wrongSecret = "AnotherSecretAnotherSecret0001";
        using var native = new SigningKey(SigningModes.Secret, useNativeDigest: true);
        using var framework = new SigningKey(SigningModes.Secret, useNativeDigest: false);
        using var wrongNative = new SigningKey(wrongSecret, useNativeDigest: true);
        using var wrongFramework = new SigningKey(wrongSecret, useNativeDigest: false);
        var parsed = Verified.Parse(SigningModes.Sign(mode, SigningModes.Call(("UserName", "alice"), ("DisplayName", "Alice 张"))).ToReceivedRequest());

        Assert.Null(parsed.Verify(native));
        Assert.Null(parsed.Verify(framework));
        Assert.Equal("SignatureDoesNotMatch", parsed.Verify(wrongNative)?.Code);
        Assert.Equal(parsed.Verify(wrongFramework), parsed.Verify(wrongNative));
    }

    [Fact]
    public void Dispose_ZeroesTheMidstates()
    {
        RequireNative();
        var key = new SigningKey(SigningModes.Secret, useNativeDigest: true);
        Assert.True(key.Midstates.ContainsAnyExcept((byte)0));

        key.Dispose();

        Assert.False(key.Midstates.ContainsAnyExcept((byte)0));
        Span<byte> mac = stackalloc byte[32];
        Assert.False(key.TryComputeV1("data"u8, mac));
        Assert.False(key.TryComputeV3("data"u8, mac));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "", false)]
    [InlineData(null, "1", false)]
    [InlineData(null, "true", false)]
    [InlineData(null, "0", true)]
    [InlineData(null, "false", true)]
    [InlineData(null, " FALSE ", true)]
    [InlineData(true, "0", false)]
    [InlineData(false, null, true)]
    [InlineData(false, "1", true)]
    public void IsDisabled_SwitchFirstThenEnvironment(bool? switchValue, string? environmentValue, bool disabled)
    {
        Assert.Equal(disabled, NativeDigest.IsDisabled(switchValue, environmentValue));
    }

    private static void RequireNative() => Assert.True(NativeDigest.IsAvailable, NativeDigest.Status);

    /// <summary>Hex, or <c>xx*n</c> for n copies of byte xx (the RFCs' repeated keys and data).</summary>
    private static byte[] Bytes(string text) =>
        text.Split('*') is [var hex, var count]
            ? Enumerable.Repeat(Convert.FromHexString(hex)[0], int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : Convert.FromHexString(text);

    private static byte[] RandomBytes(FuzzRandom random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.NextUInt64();
        }

        return bytes;
    }

    /// <summary>Printable ASCII with some multi-byte characters, as issued secrets could be.</summary>
    private static string RandomSecret(FuzzRandom random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Chance(5) ? 'é' : (char)(33 + random.Next(94));
        }

        return new string(chars);
    }
}
