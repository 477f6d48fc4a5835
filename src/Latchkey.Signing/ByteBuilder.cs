using System.Buffers;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// A growable byte buffer, so canonical strings are built without allocating: it starts in a
/// caller's (stack) buffer or a pooled array and moves to pooled arrays when it outgrows it.
/// Dispose returns a pooled array.
/// </summary>
internal ref struct ByteBuilder
{
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    public ByteBuilder(int initialCapacity)
    {
        _rented = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
        _buffer = _rented;
        _length = 0;
    }

    /// <summary>Starts in <paramref name="initialBuffer"/> (usually on the caller's stack): a canonical string that fits costs no pool round trip.</summary>
    public ByteBuilder(Span<byte> initialBuffer)
    {
        _rented = null;
        _buffer = initialBuffer;
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    public void Append(scoped ReadOnlySpan<byte> value)
    {
        if (_length + value.Length > _buffer.Length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_buffer[_length..]);
        _length += value.Length;
    }

    /// <summary>At least <paramref name="length"/> bytes of room after what was written, to fill and then <see cref="Advance"/> over.</summary>
    public Span<byte> Reserve(int length)
    {
        if (_length + length > _buffer.Length)
        {
            Grow(length);
        }

        return _buffer[_length..];
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the span <see cref="Reserve"/> returned.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_length + count, _buffer.Length);
        _length += count;
    }

    /// <summary>Appends the UTF-8 bytes of <paramref name="value"/> as they are.</summary>
    public void AppendUtf8(scoped ReadOnlySpan<char> value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_length + max > _buffer.Length)
        {
            Grow(max);
        }

        // Nearly everything appended is ASCII (header names and values, hex): narrow it directly.
        if (Ascii.FromUtf16(value, _buffer[_length..], out var written) == System.Buffers.OperationStatus.Done)
        {
            _length += written;
            return;
        }

        _length += written;
        _length += Encoding.UTF8.GetBytes(value[written..], _buffer[_length..]);
    }

    /// <summary>
    /// Appends <c>PercentEncode(value)</c> (spec §4); with <paramref name="twice"/> the result is
    /// encoded again, which for an already-encoded string only turns <c>%</c> into <c>%25</c>.
    /// </summary>
    public void AppendEncoded(scoped ReadOnlySpan<char> value, bool twice)
    {
        // Worst case: 3 UTF-8 bytes per UTF-16 unit, 5 output bytes per UTF-8 byte.
        var max = value.Length * 15;
        if (_length + max > _buffer.Length)
        {
            Grow(max);
        }

        var destination = _buffer;
        var length = _length;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length;)
        {
            // Copy the run of unreserved characters in one vectorised step.
            var run = value[i..].IndexOfAnyExcept(Rfc3986.Unreserved);
            if (run < 0)
            {
                run = value.Length - i;
            }

            if (run > 0)
            {
                System.Text.Ascii.FromUtf16(value.Slice(i, run), destination[length..], out _);
                length += run;
                i += run;
                if (i == value.Length)
                {
                    break;
                }
            }

            var c = value[i];
            if (c < 0x80)
            {
                length = WriteEscape(destination, length, (byte)c, twice);
                i++;
                continue;
            }

            // A lone surrogate becomes U+FFFD, as Encoding.UTF8 would do it.
            Rune.DecodeFromUtf16(value[i..], out var rune, out var consumed);
            var count = rune.EncodeToUtf8(utf8);
            for (var j = 0; j < count; j++)
            {
                length = WriteEscape(destination, length, utf8[j], twice);
            }

            i += consumed;
        }

        _length = length;
    }

    /// <summary>Appends <c>PercentEncode</c> of already decoded bytes (<see cref="RawForm.Encode"/>).</summary>
    public void AppendPercentEncoded(scoped ReadOnlySpan<byte> decoded, bool twice)
    {
        var max = RawForm.MaxEncodedLength(decoded.Length, twice);
        if (_length + max > _buffer.Length)
        {
            Grow(max);
        }

        _length += RawForm.Encode(decoded, _buffer[_length..], twice);
    }

    public void Dispose()
    {
        var rented = _rented;
        _rented = null;
        _buffer = [];
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int WriteEscape(Span<byte> destination, int length, byte value, bool twice)
    {
        destination[length++] = (byte)'%';
        if (twice)
        {
            destination[length++] = (byte)'2';
            destination[length++] = (byte)'5';
        }

        destination[length++] = (byte)Rfc3986.UpperHex[value >> 4];
        destination[length++] = (byte)Rfc3986.UpperHex[value & 0xF];
        return length;
    }

    private void Grow(int additional)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + additional));
        _buffer[.._length].CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = next;
        _buffer = next;
    }
}
