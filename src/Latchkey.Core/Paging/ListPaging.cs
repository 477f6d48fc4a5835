using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Latchkey.Core.Results;

namespace Latchkey.Core.Paging;

/// <summary>
/// Pages a short list held in memory (policies, groups, group members: bounded by account
/// limits). The marker is the opaque position of the next item.
/// </summary>
internal static class ListPaging
{
    public static Result<Page<T>> Page<T>(IReadOnlyList<T> all, string? marker, int? maxItems, int maxAllowed)
    {
        var size = maxItems ?? 100;
        if (size < 1 || size > maxAllowed)
        {
            return Errors.Request.InvalidParameter.WithMessage($"The parameter - \"MaxItems\" must be between 1 and {maxAllowed}.");
        }

        var start = 0;
        if (!string.IsNullOrEmpty(marker))
        {
            if (marker.Length > 64 || !Base64Url.IsValid(marker)
                || !int.TryParse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(marker)), NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                return Errors.Request.InvalidParameter.WithMessage("The parameter - \"Marker\" is not valid.");
            }
        }

        var items = all.Skip(start).Take(size).ToList();
        var next = start + items.Count;
        var nextMarker = next < all.Count
            ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)))
            : null;
        return new Page<T>(items, nextMarker);
    }
}
