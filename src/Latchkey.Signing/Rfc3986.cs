using System.Buffers;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// Alibaba's <c>PercentEncode</c> (spec §4): the UTF-8 bytes of a string, with
/// <c>A-Z a-z 0-9 - _ . ~</c> kept and every other byte written as <c>%XX</c> in upper-case hex.
/// Space is <c>%20</c>, never <c>+</c>.
/// </summary>
public static class Rfc3986
{
    internal const string UpperHex = "0123456789ABCDEF";

    internal static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    /// <summary>Percent-encodes <paramref name="value"/> per RFC 3986 as Alibaba's signatures need it.</summary>
    /// <param name="value">Any string.</param>
    /// <returns>The encoded string; the same text when nothing needs escaping.</returns>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new ByteBuilder(value.Length * 3);
        try
        {
            builder.AppendEncoded(value, twice: false);
            return Encoding.ASCII.GetString(builder.Written);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// Decodes a <c>application/x-www-form-urlencoded</c> component: <c>%XX</c> escapes (either
    /// case) become bytes, <c>+</c> becomes a space, and the bytes are read as UTF-8. A <c>%</c>
    /// not followed by two hex digits is kept as it is.
    /// </summary>
    /// <param name="value">The raw component.</param>
    /// <returns>The decoded text.</returns>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            return FormDecoder.DecodeComponent(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
