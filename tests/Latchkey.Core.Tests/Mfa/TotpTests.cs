using System.Text;
using Latchkey.Core.Mfa;

namespace Latchkey.Core.Tests.Mfa;

public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890": the 8-digit values' last 6 digits.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Code_MatchesTheRfc6238Vectors(long unixSeconds, string expected)
    {
        var seed = Encoding.ASCII.GetBytes("12345678901234567890");

        var code = Totp.Code(seed, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

        Assert.Equal(expected, code);
        Assert.True(Totp.Matches(seed, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)), expected));
    }

    // RFC 4648 section 10, without padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_RoundTripsTheRfc4648Vectors(string text, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(text)));
        Assert.Equal(text, Encoding.ASCII.GetString(Base32.Decode(encoded.ToLowerInvariant() + "==")));
    }

    [Theory]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12345a", false)]
    [InlineData("１２３４５６", false)]
    [InlineData("012345", true)]
    public void IsWellFormed_OnlySixAsciiDigits(string code, bool expected) => Assert.Equal(expected, Totp.IsWellFormed(code));
}
