using System.Security.Cryptography;
using Latchkey.Core.AccessKeys;

namespace Latchkey.Core.Tests.AccessKeys;

public sealed class AccessKeyIdFormatTests
{
    [Fact]
    public void NewAccessKeyId_HasPrefixLengthAndValidCheck()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = AccessKeyIdFormat.NewAccessKeyId("LK");

            Assert.Equal(24, id.Length);
            Assert.StartsWith("LK", id, StringComparison.Ordinal);
            Assert.Matches("^LK[0-9A-Za-z]{22}$", id);
            Assert.True(AccessKeyIdFormat.IsWellFormed(id));
        }
    }

    [Fact]
    public void NewAccessKeyId_WithOtherPrefix_IsWellFormedWithoutKnowingThePrefix()
    {
        var id = AccessKeyIdFormat.NewAccessKeyId("ACME");

        Assert.StartsWith("ACME", id, StringComparison.Ordinal);
        Assert.True(AccessKeyIdFormat.IsWellFormed(id));
    }

    [Fact]
    public void IsWellFormed_AnySingleCharacterAltered_IsRejected()
    {
        var id = AccessKeyIdFormat.NewAccessKeyId("LK");

        for (var position = 0; position < id.Length; position++)
        {
            foreach (var replacement in "0aZ9k")
            {
                if (id[position] == replacement)
                {
                    continue;
                }

                var altered = string.Concat(id.AsSpan(0, position), replacement.ToString(), id.AsSpan(position + 1));
                Assert.False(AccessKeyIdFormat.IsWellFormed(altered), altered);
            }
        }
    }

    [Fact]
    public void IsWellFormed_ForgedRandomIds_AreRejected()
    {
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var forged = "LK" + RandomNumberGenerator.GetString(AccessKeyIdFormat.Base62, 22);
            accepted += AccessKeyIdFormat.IsWellFormed(forged) ? 1 : 0;
        }

        // A random guess passes the 4-character check with probability 1 / 62^4.
        Assert.Equal(0, accepted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("LTAI5tFakeAlibabaKeyId12")]
    [InlineData("LK")]
    [InlineData("LKabcdefghijklmnopqrstuvwxyz")]
    [InlineData("LKabc-efghijklmnopqrstuv")]
    [InlineData("1Kabcdefghijklmnopqrstuv")]
    [InlineData("LKabcdéfghijklmnopqrstuv")]
    public void IsWellFormed_Malformed_IsRejected(string? id)
    {
        Assert.False(AccessKeyIdFormat.IsWellFormed(id));
    }

    [Fact]
    public void NewSecret_Is30Base62CharactersAndUnique()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var alphabet = new HashSet<char>();
        for (var i = 0; i < 2000; i++)
        {
            var secret = AccessKeyIdFormat.NewSecret().Reveal();
            Assert.Matches("^[0-9A-Za-z]{30}$", secret);
            Assert.True(seen.Add(secret));
            alphabet.UnionWith(secret);
        }

        // 30 uniform base62 characters carry 30 × log2(62) ≈ 178.6 bits; every character is in use.
        Assert.Equal(62, alphabet.Count);
        Assert.True(30 * Math.Log2(62) >= 178);
    }

    [Fact]
    public void AccessKeySecret_ToString_IsMasked()
    {
        var secret = AccessKeyIdFormat.NewSecret();

        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", $"{secret}");
        Assert.DoesNotContain(secret.Reveal(), new CreatedAccessKey(new AccessKey("LK", "1", null, AccessKeyStatus.Active, default, default, null), secret).ToString(), StringComparison.Ordinal);
    }
}
