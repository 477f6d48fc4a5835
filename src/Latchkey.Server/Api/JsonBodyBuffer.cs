using System.Buffers;
using System.Text.Json;

namespace Latchkey.Server.Api;

/// <summary>
/// A growable UTF-8 buffer on pooled arrays with its <see cref="Utf8JsonWriter"/>, kept one per
/// thread and reused across responses (a response is serialized synchronously, so a thread never
/// holds two). <see cref="Return"/> drops one that grew past <see cref="KeepLimit"/>.
/// </summary>
internal sealed class JsonBodyBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 1024;
    private const int KeepLimit = 64 * 1024;

    [ThreadStatic]
    private static JsonBodyBuffer? t_cached;

    private byte[] _array;
    private int _written;

    private JsonBodyBuffer()
    {
        _array = ArrayPool<byte>.Shared.Rent(InitialSize);
        // The serializer's options leave the encoder at its default, as does this writer: the same bytes.
        Writer = new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = ApiResponseWriter.SerializerOptions.Encoder });
    }

    public Utf8JsonWriter Writer { get; }

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _written);

    public static JsonBodyBuffer Rent()
    {
        var buffer = t_cached ?? new JsonBodyBuffer();
        t_cached = null;
        buffer._written = 0;
        buffer.Writer.Reset(buffer);
        return buffer;
    }

    public static void Return(JsonBodyBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer._array.Length > KeepLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer._array);
            buffer._array = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        t_cached = buffer;
    }

    /// <summary>
    /// Joins what was written at <paramref name="start"/> (a serialized object, or nothing) to the
    /// open object before it: <c>{"A":1</c> + <c>{"B":2}</c> becomes <c>{"A":1,"B":2}</c>;
    /// an empty object or nothing just closes it.
    /// </summary>
    public void JoinObject(int start)
    {
        if (_written - start > 2 && _array[start] == (byte)'{')
        {
            _array[start] = (byte)',';
            return;
        }

        _written = start;
        GetSpan(1)[0] = (byte)'}';
        Advance(1);
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
