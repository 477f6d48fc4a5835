using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Api;

/// <summary>The RequestId of the current request: an upper-case UUID, created once, also on errors.</summary>
internal static class RequestIds
{
    private const string ItemKey = "Latchkey.RequestId";
    public const string HeaderName = "x-acs-request-id";

    public static string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string id)
        {
            return id;
        }

        id = Guid.NewGuid().ToString("D").ToUpperInvariant();
        context.Items[ItemKey] = id;
        return id;
    }
}
