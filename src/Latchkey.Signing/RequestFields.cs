using System.Globalization;

namespace Latchkey.Signing;

/// <summary>Field rules both readers share: Format, timestamp and nonce shape.</summary>
internal static class RequestFields
{
    /// <summary>The longest nonce accepted; SDKs send 32 (pop-core), 36 (UUID) or 64 (openapi-core) characters.</summary>
    public const int MaxNonceLength = 128;

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

    public static bool TryParseTimestamp(string value, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    /// <summary>
    /// 1 to <see cref="MaxNonceLength"/> printable ASCII characters (0x20-0x7E): what is remembered
    /// per key stays bounded, and no control or non-ASCII character reaches a nonce store or a log.
    /// </summary>
    public static bool IsWellFormedNonce(ReadOnlySpan<char> nonce) =>
        nonce.Length is > 0 and <= MaxNonceLength && !nonce.ContainsAnyExceptInRange((char)0x20, (char)0x7E);

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
