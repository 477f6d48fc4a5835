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

    private const int IdsPerRefill = 64;

    // Random bytes for the next ids of this thread, filled 64 ids at a time: Guid.NewGuid asks the
    // kernel (getrandom) for every id, a system call per request.
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    /// <summary>
    /// A new random (version 4) UUID in upper case ("D" format), written straight into its one
    /// string; the randomness is the CSPRNG's, as Guid.NewGuid's, taken in batches.
    /// </summary>
    internal static string NewId()
    {
        var random = t_random ??= new byte[16 * IdsPerRefill];
        if (t_next == 0)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        }

        Span<byte> bytes = stackalloc byte[16];
        random.AsSpan(t_next, 16).CopyTo(bytes);
        t_next = (t_next + 16) % random.Length;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return string.Create(36, new Guid(bytes), static (chars, guid) =>
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
}
