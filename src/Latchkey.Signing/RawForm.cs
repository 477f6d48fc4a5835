using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Latchkey.Signing;

/// <summary>
/// Form components read where they lie, as escaped bytes (spec §3, §4): decoding into a caller's
/// buffer, comparing a component's decoded form with a name, and re-encoding decoded bytes with
/// Alibaba's <c>PercentEncode</c>. Nothing here allocates.
/// </summary>
internal static class RawForm
{
    /// <summary>Bytes that decode to themselves: ASCII except <c>%</c> and <c>+</c>.</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create(BuildPlain());

    /// <summary><c>A-Z a-z 0-9 - _ . ~</c>: written as they are by <c>PercentEncode</c>.</summary>
    private static readonly SearchValues<byte> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"u8);

    /// <summary>True when <paramref name="raw"/> decodes to exactly its own bytes, all ASCII.</summary>
    public static bool IsPlain(ReadOnlySpan<byte> raw) => !raw.ContainsAnyExcept(Plain);

    /// <summary>True when decoding can change <paramref name="raw"/>: it holds <c>%</c> or <c>+</c>.</summary>
    public static bool HasEscapes(ReadOnlySpan<byte> raw) => raw.IndexOfAny((byte)'%', (byte)'+') >= 0;

    /// <summary>
    /// Decodes a form component into <paramref name="destination"/> (at least as long as
    /// <paramref name="raw"/>): <c>+</c> is a space, <c>%XX</c> (either case) a byte, a <c>%</c> not
    /// followed by two hex digits stays. The one rule, also behind <see cref="FormDecoder.DecodeComponent"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int Decode(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%' && i + 2 < raw.Length && HexValue(raw[i + 1]) is var hi and >= 0 && HexValue(raw[i + 2]) is var lo and >= 0)
            {
                b = (byte)((hi << 4) | lo);
                i += 2;
            }

            destination[length++] = b;
        }

        return length;
    }

    /// <summary>
    /// Whether the decoded component equals the ASCII text <paramref name="ascii"/>, exactly as
    /// comparing the decoded string would say: a byte outside ASCII decodes to a character outside
    /// ASCII (itself or U+FFFD), which no ASCII name equals.
    /// </summary>
    public static bool DecodedEquals(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> ascii)
    {
        if (!HasEscapes(raw))
        {
            return raw.SequenceEqual(ascii);
        }

        // An escape is 3 bytes for 1; a longer component cannot decode to the name.
        if (raw.Length > 3 * ascii.Length || raw.Length < ascii.Length)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        return decoded[..Decode(raw, decoded)].SequenceEqual(ascii);
    }

    /// <inheritdoc cref="DecodedEquals(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static bool DecodedEquals(ReadOnlySpan<byte> raw, string ascii)
    {
        if (!HasEscapes(raw))
        {
            return raw.Length == ascii.Length && Ascii.Equals(raw, ascii);
        }

        if (raw.Length > 3 * ascii.Length || raw.Length < ascii.Length)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        var length = Decode(raw, decoded);
        return length == ascii.Length && Ascii.Equals(decoded[..length], ascii);
    }

    /// <summary>The decoded text, as <see cref="FormDecoder.DecodeComponent"/> gives it.</summary>
    public static string ToText(ReadOnlySpan<byte> raw) => FormDecoder.DecodeComponent(raw);

    /// <summary>How many UTF-16 characters <see cref="ToText"/> would return, without making the string.</summary>
    public static int TextLength(ReadOnlySpan<byte> raw)
    {
        if (IsPlain(raw))
        {
            return raw.Length;
        }

        if (!HasEscapes(raw))
        {
            return Encoding.UTF8.GetCharCount(raw);
        }

        var rented = raw.Length > 512 ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        try
        {
            Span<byte> decoded = rented ?? stackalloc byte[512];
            return Encoding.UTF8.GetCharCount(decoded[..Decode(raw, decoded)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Decodes into <paramref name="destination"/> as characters (invalid UTF-8 becomes U+FFFD, as
    /// in the string); false when <paramref name="raw"/> is longer than <paramref name="destination"/>.
    /// </summary>
    public static bool TryDecodeChars(ReadOnlySpan<byte> raw, Span<char> destination, out int written)
    {
        written = 0;
        if (raw.Length > destination.Length || raw.Length > 256)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        var length = Decode(raw, decoded);
        // What is read this way (a signature, a timestamp, a format) is nearly always ASCII,
        // which widens without the UTF-8 decoder; anything else is decoded from the start.
        if (Ascii.ToUtf16(decoded[..length], destination, out written) != OperationStatus.Done)
        {
            written = Encoding.UTF8.GetChars(decoded[..length], destination);
        }

        return true;
    }

    /// <summary>
    /// True when decoded bytes sort and re-encode exactly as their string does: valid UTF-8 with
    /// no code point at or above U+E000, where UTF-16's ordinal order departs from the bytes'.
    /// </summary>
    public static bool IsCanonicalSafe(ReadOnlySpan<byte> decoded) =>
        Ascii.IsValid(decoded) || (Utf8.IsValid(decoded) && decoded.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) < 0);

    /// <summary>
    /// <c>PercentEncode</c> of decoded bytes: unreserved bytes as they are, every other byte as
    /// <c>%XX</c> in upper-case hex (with <paramref name="twice"/>, <c>%25XX</c>: V1 encodes the
    /// canonical query once more). Equals <see cref="ByteBuilder.AppendEncoded"/> of the decoded
    /// string for bytes that pass <see cref="IsCanonicalSafe"/>.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> decoded, Span<byte> destination, bool twice)
    {
        // Components are short and those that reach here hold reserved bytes: a scalar loop with
        // a table beats searching for runs.
        var unreserved = UnreservedTable;
        var hex = "0123456789ABCDEF"u8;
        var length = 0;
        foreach (var b in decoded)
        {
            if (unreserved[b] != 0)
            {
                destination[length++] = b;
                continue;
            }

            destination[length++] = (byte)'%';
            if (twice)
            {
                destination[length++] = (byte)'2';
                destination[length++] = (byte)'5';
            }

            destination[length++] = hex[b >> 4];
            destination[length++] = hex[b & 0xF];
        }

        return length;
    }

    /// <summary>
    /// True when <paramref name="raw"/> is exactly <c>PercentEncode</c> of what it decodes to, and
    /// that is ASCII: from <paramref name="firstReserved"/> on (its first byte that is not
    /// unreserved) it holds only unreserved bytes and <c>%XX</c> escapes in upper-case hex of bytes
    /// below 0x80 that <c>PercentEncode</c> escapes. Such a component is written as it lies: once
    /// encoded it is itself, twice encoded it is itself with <c>%</c> as <c>%25</c>. What SDKs send
    /// (<c>%3A</c> in a timestamp, <c>%20</c>, <c>%40</c>) is nearly always of this form.
    /// </summary>
    public static bool IsEncodedAscii(ReadOnlySpan<byte> raw, int firstReserved)
    {
        var unreserved = UnreservedTable;
        for (var i = firstReserved; i < raw.Length; i++)
        {
            var b = raw[i];
            if (unreserved[b] != 0)
            {
                continue;
            }

            // Decode takes '%' and two hex digits as an escape only when both digits are there.
            if (b != (byte)'%' || i + 2 >= raw.Length)
            {
                return false;
            }

            var hi = UpperHexValue(raw[i + 1]);
            var lo = UpperHexValue(raw[i + 2]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            // Upper-case digits only, below 0x80 (UTF-8 needs its own check), and a byte that is
            // escaped at all: "%41" decodes to 'A', which PercentEncode writes as 'A'.
            var decoded = (hi << 4) | lo;
            if (decoded >= 0x80 || unreserved[decoded] != 0)
            {
                return false;
            }

            i += 2;
        }

        return true;
    }

    /// <summary>True for <c>A-Z a-z 0-9 - _ . ~</c>, the bytes <c>PercentEncode</c> writes as they are.</summary>
    public static bool IsUnreserved(byte b) => UnreservedTable[b] != 0;

    /// <summary>The index of the first byte <c>PercentEncode</c> would escape, or -1 when it writes <paramref name="bytes"/> as they are.</summary>
    public static int IndexOfReserved(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(Unreserved);

    /// <summary>1 for the unreserved bytes <c>A-Z a-z 0-9 - _ . ~</c>, indexed by byte.</summary>
    private static ReadOnlySpan<byte> UnreservedTable =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>The most bytes <see cref="Encode"/> writes for <paramref name="length"/> decoded bytes.</summary>
    public static int MaxEncodedLength(int length, bool twice) => length * (twice ? 5 : 3);

    private static int UpperHexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static byte[] BuildPlain()
    {
        var plain = new List<byte>(126);
        for (var b = 0; b < 0x80; b++)
        {
            if (b is not '%' and not '+')
            {
                plain.Add((byte)b);
            }
        }

        return [.. plain];
    }
}
