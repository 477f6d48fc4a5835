using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Latchkey.Core.Mfa;

/// <summary>
/// Time-based one-time passwords, RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30-second steps from the
/// Unix epoch, 6 digits — what Google Authenticator and Alibaba Cloud's app use by default.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>The step a moment falls in: floor(unix seconds / 30).</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The 6-digit code of <paramref name="seed"/> at <paramref name="step"/>, with leading zeros.</summary>
    public static string Code(ReadOnlySpan<byte> seed, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238's default, which every authenticator app computes; HMAC-SHA1 is not broken as a PRF.
        HMACSHA1.HashData(seed, counter, hash);
#pragma warning restore CA5350

        // RFC 4226 5.3 dynamic truncation.
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var code = binary % 1_000_000;
        CryptographicOperations.ZeroMemory(hash);
        return code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Exactly six ASCII digits.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>Compares in constant time, so a wrong code's timing says nothing about the right one.</summary>
    public static bool Matches(ReadOnlySpan<byte> seed, long step, string code) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(seed, step)), System.Text.Encoding.ASCII.GetBytes(code));
}
