using System.Globalization;

namespace Latchkey.Core.Policies;

internal static class PolicyValues
{
    /// <summary>ISO 8601 with a zone (Z or an offset), as Alibaba's examples write dates.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
        && text.Length >= 10 && text[4] == '-';
}
