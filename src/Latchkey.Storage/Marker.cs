using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Latchkey.Storage;

/// <summary>
/// The opaque paging marker: base64url of "ticks:key", where key is the tie-breaker of the
/// ordering (a UserId, or an audit event's sequence number).
/// </summary>
public static class Marker
{
    public static string Encode(long ticks, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ticks}:{key}")));

    public static bool TryDecode(string marker, out long ticks, out string key)
    {
        ticks = 0;
        key = string.Empty;
        if (marker.Length is 0 or > 512 || !Base64Url.IsValid(marker))
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(marker));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        key = text[(colon + 1)..];
        return long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ticks);
    }
}
