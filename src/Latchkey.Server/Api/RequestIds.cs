using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Api;

/// <summary>The RequestId of the current request: an upper-case UUID, created once, also on errors.</summary>
internal static class RequestIds
{
    public const string HeaderName = "x-acs-request-id";

    public static string For(HttpContext context)
    {
        var state = ApiRequestState.Of(context);
        return state.RequestId ??= NewId();
    }

    /// <summary>A new upper-case UUID ("D" format), written straight into its one string.</summary>
    internal static string NewId() => string.Create(36, Guid.NewGuid(), static (chars, guid) =>
    {
        guid.TryFormat(chars, out _, "D");
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'a' and <= 'f')
            {
                chars[i] = (char)(chars[i] - ('a' - 'A'));
            }
        }
    });
}
