using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Server.Api;

/// <summary>Reads a request body as raw bytes, bounded: the V3 hash covers exactly these bytes.</summary>
internal static class RequestBodies
{
    /// <summary>The body, or null when it is (or declares itself) larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        if (request.ContentLength == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length and > 0 ? (int)length : 4096);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }
}
