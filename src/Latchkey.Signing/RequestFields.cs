using System.Globalization;
using System.Text;

namespace Latchkey.Signing;

/// <summary>Field rules both readers share: Format, timestamp and nonce shape.</summary>
internal static class RequestFields
{
    /// <summary>The longest nonce accepted; SDKs send 32 (pop-core), 36 (UUID) or 64 (openapi-core) characters.</summary>
    public const int MaxNonceLength = 128;

    /// <summary>The length of <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public const int BasicTimestampLength = 20;

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>JSON or XML (any case) normalised; null when absent; false when anything else.</summary>
    public static bool TryReadFormat(string? raw, out string? format)
    {
        format = null;
        if (raw is null)
        {
            return true;
        }

        if (raw.Equals("JSON", StringComparison.OrdinalIgnoreCase))
        {
            format = "JSON";
            return true;
        }

        if (raw.Equals("XML", StringComparison.OrdinalIgnoreCase))
        {
            format = "XML";
            return true;
        }

        return false;
    }

    /// <summary>JSON or XML (any case) normalised; false when anything else. The span form of <see cref="TryReadFormat(string?, out string?)"/> for a present value.</summary>
    public static bool TryReadFormat(ReadOnlySpan<char> raw, out string? format)
    {
        format = raw.Equals("JSON", StringComparison.OrdinalIgnoreCase) ? "JSON"
            : raw.Equals("XML", StringComparison.OrdinalIgnoreCase) ? "XML"
            : null;
        return format is not null;
    }

    public static bool TryParseTimestamp(ReadOnlySpan<char> value, out DateTimeOffset timestamp) =>
        TryParseBasicTimestamp(value, out timestamp)
        || DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    /// <summary>
    /// The form every SDK sends, <c>yyyy-MM-ddTHH:mm:ssZ</c> with ASCII digits and a valid date,
    /// read without the culture-aware parser. Accepts nothing the formats above refuse and gives
    /// the same instant; anything else (fractions, odd lengths, invalid dates) goes to that parser.
    /// </summary>
    private static bool TryParseBasicTimestamp(ReadOnlySpan<char> value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value.Length != BasicTimestampLength || !Ascii.IsValid(value))
        {
            return false;
        }

        // ASCII: each character is one byte of the same value.
        Span<byte> bytes = stackalloc byte[BasicTimestampLength];
        Ascii.FromUtf16(value, bytes, out _);
        return TryParseBasicTimestamp(bytes, out timestamp);
    }

    /// <summary>
    /// <see cref="TryParseBasicTimestamp(ReadOnlySpan{char}, out DateTimeOffset)"/> on the decoded
    /// UTF-8 bytes: a byte outside ASCII is a character outside ASCII in the text, neither is a
    /// digit or a separator, so both say the same; false sends the caller to the full parser.
    /// </summary>
    public static bool TryParseBasicTimestamp(ReadOnlySpan<byte> value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value.Length != BasicTimestampLength || value[4] != '-' || value[7] != '-' || value[10] != 'T' || value[13] != ':' || value[16] != ':' || value[19] != 'Z')
        {
            return false;
        }

        if (!TryDigits(value[..4], out var year) || !TryDigits(value.Slice(5, 2), out var month) || !TryDigits(value.Slice(8, 2), out var day)
            || !TryDigits(value.Slice(11, 2), out var hour) || !TryDigits(value.Slice(14, 2), out var minute) || !TryDigits(value.Slice(17, 2), out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        timestamp = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    /// <summary>
    /// 1 to <see cref="MaxNonceLength"/> printable ASCII characters (0x20-0x7E): what is remembered
    /// per key stays bounded, and no control or non-ASCII character reaches a nonce store or a log.
    /// </summary>
    public static bool IsWellFormedNonce(ReadOnlySpan<char> nonce) =>
        nonce.Length is > 0 and <= MaxNonceLength && !nonce.ContainsAnyExceptInRange((char)0x20, (char)0x7E);

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
