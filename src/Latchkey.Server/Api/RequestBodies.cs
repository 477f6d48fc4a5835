using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Server.Api;

/// <summary>Reads a request body as raw bytes, bounded: the V3 hash covers exactly these bytes.</summary>
internal static class RequestBodies
{
    /// <summary>The body, or null when it is (or declares itself) larger than <paramref name="maxBytes"/>.</summary>
    public static ValueTask<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);
        }

        // No body at all (Content-Length: 0, or neither it nor Transfer-Encoding, as on every GET):
        // nothing to read and no buffer to allocate.
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(ReadOnlyMemory<byte>.Empty);
        }

        return request.ContentLength is { } length
            ? ReadDeclaredAsync(request.Body, (int)length, cancellationToken)
            : ReadChunkedAsync(request.Body, maxBytes, cancellationToken);
    }

    // Content-Length is known (and within the limit): exactly that many bytes, one array. The server
    // ends the body there, so a read past it returns 0.
    private static async ValueTask<ReadOnlyMemory<byte>?> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return buffer.AsMemory(0, filled);
    }

    private static async ValueTask<ReadOnlyMemory<byte>?> ReadChunkedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
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
