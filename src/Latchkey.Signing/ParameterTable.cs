using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// The parameters of a request as offsets into the text it arrived with (spec §3): the query
/// string (split on <c>&amp;</c> and the first <c>=</c>), then a form body. Nothing is decoded
/// until it is read; the canonicaliser works from the escaped bytes. Three ints per parameter.
/// </summary>
/// <remarks>
/// An ASCII query is kept as the caller's string and narrowed to bytes on the stack when read
/// (<see cref="Open"/>); a query holding other characters (a lenient client) is transcoded to
/// UTF-8 once, as the decoder always did. The body is the caller's memory.
/// </remarks>
internal readonly struct ParameterTable
{
    /// <summary>Queries up to this length are narrowed on the stack; longer ones on a pooled array.</summary>
    public const int StackQueryBytes = 1024;

    /// <summary>Requests with up to this many parameters are split and sorted on the stack.</summary>
    internal const int StackEntries = 64;

    /// <summary>Components that must be decoded to be sorted or encoded again: this many bytes in total on the stack.</summary>
    private const int StackScratchBytes = 256;

    private const int Stride = 3;

    // The query: an ASCII string read from _queryStart, or its UTF-8 bytes (exactly one is set
    // when _queryLength > 0).
    private readonly string? _queryText;
    private readonly byte[]? _queryUtf8;
    private readonly int _queryStart;
    private readonly int _queryLength;
    private readonly ReadOnlyMemory<byte> _body;

    // Per parameter: start, name length, value length (-1: no '='). The value starts after the '='.
    private readonly int[] _entries;

    private ParameterTable(string? queryText, byte[]? queryUtf8, int queryStart, int queryLength, ReadOnlyMemory<byte> body, int[] entries, int count, int queryCount)
    {
        _queryText = queryText;
        _queryUtf8 = queryUtf8;
        _queryStart = queryStart;
        _queryLength = queryLength;
        _body = body;
        _entries = entries;
        Count = count;
        QueryCount = queryCount;
    }

    /// <summary>How many bytes of stack <see cref="Open"/> wants: the query's length when it is ASCII and short enough, else 0.</summary>
    public int StackBytes => _queryText is not null && _queryLength <= StackQueryBytes ? _queryLength : 0;

    /// <summary>How many parameters there are.</summary>
    public int Count { get; }

    /// <summary>How many of them came from the query; the rest from the form body.</summary>
    public int QueryCount { get; }

    /// <summary>Splits the query (a leading <c>?</c> skipped, not cut off) and the form body.</summary>
    public static ParameterTable Read(string? queryString, ReadOnlyMemory<byte> formBody)
    {
        var query = queryString.AsSpan();
        var queryStart = query.StartsWith('?') ? 1 : 0;
        query = query[queryStart..];
        var body = formBody.Span;
        Span<int> stackEntries = stackalloc int[StackEntries * Stride];
        var splitter = new Splitter(stackEntries);
        byte[]? queryUtf8 = null;
        if (!query.IsEmpty)
        {
            // Narrowing checks the query is ASCII in the same pass; the split then runs on bytes.
            var rented = query.Length > StackQueryBytes ? ArrayPool<byte>.Shared.Rent(query.Length) : null;
            Span<byte> narrowed = rented is null ? stackalloc byte[query.Length] : rented;
            if (Ascii.FromUtf16(query, narrowed, out _) == OperationStatus.Done)
            {
                splitter.Split(narrowed[..query.Length]);
            }
            else
            {
                // Lone surrogates become U+FFFD's bytes here, as they always did.
                queryUtf8 = new byte[Encoding.UTF8.GetByteCount(query)];
                Encoding.UTF8.GetBytes(query, queryUtf8);
                splitter.Split(queryUtf8);
            }

            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        var queryCount = splitter.Count;
        if (!body.IsEmpty)
        {
            splitter.Split(body);
        }

        var text = queryUtf8 is null ? queryString : null;
        if (splitter.Overflow)
        {
            return ReadMany(text, queryUtf8, queryStart, query, formBody);
        }

        var entries = splitter.Count == 0 ? [] : stackEntries[..(splitter.Count * Stride)].ToArray();
        return new ParameterTable(text, queryUtf8, queryStart, query.Length, formBody, entries, splitter.Count, queryCount);
    }

    /// <summary><see cref="Read"/> for more than <see cref="StackEntries"/> parameters: counted first, split into the array.</summary>
    private static ParameterTable ReadMany(string? queryText, byte[]? queryUtf8, int queryStart, ReadOnlySpan<char> query, ReadOnlyMemory<byte> formBody)
    {
        var body = formBody.Span;
        var capacity = (query.IsEmpty ? 0 : query.Count('&') + 1) + (body.IsEmpty ? 0 : body.Count((byte)'&') + 1);
        var splitter = new Splitter(new int[capacity * Stride]);
        if (queryUtf8 is not null)
        {
            splitter.Split(queryUtf8);
        }
        else if (!query.IsEmpty)
        {
            var rented = ArrayPool<byte>.Shared.Rent(query.Length);
            Ascii.FromUtf16(query, rented, out _);
            splitter.Split(rented.AsSpan(0, query.Length));
            ArrayPool<byte>.Shared.Return(rented);
        }

        var queryCount = splitter.Count;
        if (!body.IsEmpty)
        {
            splitter.Split(body);
        }

        return new ParameterTable(queryText, queryUtf8, queryStart, query.Length, formBody, splitter.ToArray(), splitter.Count, queryCount);
    }

    /// <summary>The same table with fewer parameters, after the caller compacted the entries with <see cref="Move"/>.</summary>
    public ParameterTable WithCounts(int count, int queryCount) =>
        new(_queryText, _queryUtf8, _queryStart, _queryLength, _body, _entries, count, queryCount);

    /// <summary>The query and body as bytes, for reading raw components; dispose to return a pooled array.</summary>
    /// <param name="stack">A buffer of <see cref="StackBytes"/> bytes for narrowing the query, usually on the caller's stack.</param>
    public RawView Open(Span<byte> stack)
    {
        if (_queryUtf8 is not null)
        {
            return new RawView(_queryUtf8, _body.Span, null);
        }

        if (_queryLength == 0)
        {
            return new RawView([], _body.Span, null);
        }

        byte[]? rented = null;
        var destination = _queryLength <= stack.Length ? stack : (rented = ArrayPool<byte>.Shared.Rent(_queryLength));
        Ascii.FromUtf16(_queryText.AsSpan(_queryStart, _queryLength), destination, out _);
        return new RawView(destination[.._queryLength], _body.Span, rented);
    }

    /// <summary>The raw (still escaped) name of parameter <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Name(in RawView view, int index)
    {
        var source = index < QueryCount ? view.Query : view.Body;
        return source.Slice(_entries[index * Stride], _entries[(index * Stride) + 1]);
    }

    /// <summary>The raw (still escaped) value of parameter <paramref name="index"/>; empty when it had no <c>=</c>.</summary>
    public ReadOnlySpan<byte> Value(in RawView view, int index)
    {
        var at = index * Stride;
        var length = _entries[at + 2];
        if (length <= 0)
        {
            return [];
        }

        var source = index < QueryCount ? view.Query : view.Body;
        return source.Slice(_entries[at] + _entries[at + 1] + 1, length);
    }

    /// <summary>Where the value of <paramref name="index"/> lies, to read it again later.</summary>
    public RawSlice ValueSlice(int index)
    {
        var at = index * Stride;
        var length = Math.Max(_entries[at + 2], 0);
        return new RawSlice(index < QueryCount, length == 0 ? 0 : _entries[at] + _entries[at + 1] + 1, length);
    }

    /// <summary>Moves entry <paramref name="from"/> to <paramref name="to"/> (<paramref name="to"/> ≤ <paramref name="from"/>), for compaction.</summary>
    public void Move(int from, int to)
    {
        if (from != to)
        {
            var entries = _entries;
            entries[to * Stride] = entries[from * Stride];
            entries[(to * Stride) + 1] = entries[(from * Stride) + 1];
            entries[(to * Stride) + 2] = entries[(from * Stride) + 2];
        }
    }

    /// <summary>The index of the first parameter whose decoded name is <paramref name="asciiName"/>, or -1.</summary>
    public int IndexOf(string asciiName)
    {
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        for (var i = 0; i < Count; i++)
        {
            if (RawForm.DecodedEquals(Name(view, i), asciiName))
            {
                return i;
            }
        }

        return -1;
    }

    public string GetName(int index)
    {
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        return RawForm.ToText(Name(view, index));
    }

    public string GetValue(int index)
    {
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        return RawForm.ToText(Value(view, index));
    }

    public int GetValueLength(int index)
    {
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        return RawForm.TextLength(Value(view, index));
    }

    /// <summary>Every parameter decoded, in arrival order: what <see cref="ParsedRequest.Parameters"/> shows.</summary>
    public List<KeyValuePair<string, string>> ToList()
    {
        var list = new List<KeyValuePair<string, string>>(Count);
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        for (var i = 0; i < Count; i++)
        {
            list.Add(new KeyValuePair<string, string>(RawForm.ToText(Name(view, i)), RawForm.ToText(Value(view, i))));
        }

        return list;
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> parameters sorted by decoded name, then decoded
    /// value, as <c>name=value&amp;...</c> with each part percent-encoded (with
    /// <paramref name="twice"/>: the V1 form encoded once more), from the raw bytes: a component
    /// that already is its own encoding is copied where it lies (<see cref="ComponentForm"/>), any
    /// other is decoded (on the stack, or a pooled array when long) and encoded again. False
    /// (nothing written) when a decoded component is not valid UTF-8 or holds a code point from
    /// U+E000 up: there the bytes' order or re-encoding could differ from the decoded strings',
    /// and the caller canonicalises the strings instead.
    /// </summary>
    public bool TryWriteSorted(ref ByteBuilder builder, int count, bool twice)
    {
        if (count == 0)
        {
            return true;
        }

        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        // Decoding never lengthens a component, so the whole query and body bound the scratch.
        var scratch = new Scratch(stackalloc byte[StackScratchBytes], view.Query.Length + view.Body.Length);
        Key[]? rentedKeys = null;
        int[]? rentedOrder = null;
        var keys = count <= StackEntries ? stackalloc Key[count] : (rentedKeys = ArrayPool<Key>.Shared.Rent(count)).AsSpan(0, count);
        var order = count <= StackEntries ? stackalloc int[count] : (rentedOrder = ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            var entries = _entries.AsSpan(0, count * Stride);
            for (var i = 0; i < count; i++)
            {
                var at = i * Stride;
                var inQuery = i < QueryCount;
                var text = inQuery ? view.Query : view.Body;
                var source = inQuery ? Key.Query : Key.Body;
                var start = entries[at];
                var nameLength = entries[at + 1];
                var valueLength = entries[at + 2];
                ref var key = ref keys[i];
                if (!Prepare(source, text, start, nameLength, isValue: false, ref scratch, out key.Name)
                    || !Prepare(source, text, valueLength <= 0 ? 0 : start + nameLength + 1, Math.Max(valueLength, 0), isValue: true, ref scratch, out key.Value))
                {
                    return false;
                }

                order[i] = i;
            }

            var sorter = new Sorter(view.Query, view.Body, scratch.Written);
            for (var i = 0; i < count; i++)
            {
                ref var key = ref keys[i];
                key.Prefix = sorter.PrefixOf(key.Name, 0);
                key.Prefix2 = sorter.PrefixOf(key.Name, 8);
            }

            sorter.Sort(keys, order);
            var separator = twice ? "%26"u8 : "&"u8;
            var equals = twice ? "%3D"u8 : "="u8;
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(separator);
                }

                ref readonly var key = ref keys[order[i]];
                Append(ref builder, key.Name.Form, sorter.BytesOf(key.Name), twice);
                builder.Append(equals);
                Append(ref builder, key.Value.Form, sorter.BytesOf(key.Value), twice);
            }

            return true;
        }
        finally
        {
            scratch.Dispose();
            if (rentedKeys is not null)
            {
                ArrayPool<Key>.Shared.Return(rentedKeys);
            }

            if (rentedOrder is not null)
            {
                ArrayPool<int>.Shared.Return(rentedOrder);
            }
        }
    }

    private static bool Prepare(int source, ReadOnlySpan<byte> text, int start, int length, bool isValue, ref Scratch scratch, out Component component)
    {
        var raw = text.Slice(start, length);
        var reserved = RawForm.IndexOfReserved(raw);
        if (reserved < 0)
        {
            // The usual case: decodes to itself and encodes to itself.
            component = new Component(source, start, length, ComponentForm.Verbatim);
            return true;
        }

        // Names are compared byte by byte on every sort step, so only a value (compared only
        // when two names tie) may stay encoded.
        if (isValue && RawForm.IsEncodedAscii(raw, reserved))
        {
            component = new Component(source, start, length, ComponentForm.Encoded);
            return true;
        }

        if (RawForm.IsPlain(raw[reserved..]))
        {
            component = new Component(source, start, length, ComponentForm.Decoded);
            return true;
        }

        var at = scratch.Length;
        var decoded = scratch.Reserve(raw.Length);
        var written = RawForm.Decode(raw, decoded);
        scratch.Length += written;
        component = new Component(Key.Scratch, at, written, ComponentForm.Decoded);
        return RawForm.IsCanonicalSafe(decoded[..written]);
    }

    private static void Append(ref ByteBuilder builder, ComponentForm form, scoped ReadOnlySpan<byte> bytes, bool twice)
    {
        switch (form)
        {
            case ComponentForm.Verbatim:
                builder.Append(bytes);
                break;
            case ComponentForm.Encoded when twice:
                builder.AppendPercentsEscaped(bytes);
                break;
            case ComponentForm.Encoded:
                builder.Append(bytes);
                break;
            default:
                builder.AppendPercentEncoded(bytes, twice);
                break;
        }
    }

    /// <summary>How the bytes a <see cref="Component"/> points at are written.</summary>
    internal enum ComponentForm : byte
    {
        /// <summary>All unreserved: they are the decoded bytes and their own encoding.</summary>
        Verbatim,

        /// <summary>Raw bytes that are exactly the encoding of their decoded ASCII (<see cref="RawForm.IsEncodedAscii"/>): written as they lie.</summary>
        Encoded,

        /// <summary>Decoded bytes (in the scratch, or raw bytes that decode to themselves): encoded when written.</summary>
        Decoded,
    }

    /// <summary>A component: where its bytes lie (query, body or scratch) and in which <see cref="ComponentForm"/>.</summary>
    internal readonly record struct Component(int Source, int Start, int Length, ComponentForm Form);

    /// <summary>A parameter's name and value, and its decoded name's first 16 bytes as two sort prefixes.</summary>
    internal struct Key
    {
        public const int Query = 0;
        public const int Body = 1;
        public const int Scratch = 2;

        public ulong Prefix;
        public ulong Prefix2;
        public Component Name;
        public Component Value;
    }

    /// <summary>Decoded components, on the stack until they outgrow it, then on a pooled array (offsets kept).</summary>
    private ref struct Scratch(Span<byte> initial, int bound)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;

        public int Length { get; set; }

        public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

        /// <summary>Room for <paramref name="length"/> more bytes at <see cref="Length"/>.</summary>
        public Span<byte> Reserve(int length)
        {
            if (Length + length > _buffer.Length)
            {
                var next = ArrayPool<byte>.Shared.Rent(Math.Max(bound, Length + length));
                _buffer[..Length].CopyTo(next);
                Dispose();
                _rented = next;
                _buffer = next;
            }

            return _buffer[Length..];
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }
    }

    /// <summary>
    /// Splits on <c>&amp;</c> and each pair's first <c>=</c> in one pass: vector compares find
    /// both bytes 32 (or 16) at a time, and only the bits that are set are visited, instead of
    /// two searches per parameter.
    /// </summary>
    private ref struct Splitter(Span<int> entries)
    {
        private readonly Span<int> _entries = entries;

        public int Count { get; private set; }

        /// <summary>True when a pair did not fit in the entries: the caller splits again into a larger array.</summary>
        public bool Overflow { get; private set; }

        public readonly int[] ToArray() => _entries[..(Count * Stride)].ToArray();

        public void Split(ReadOnlySpan<byte> text)
        {
            var pairStart = 0;
            var separator = -1;
            var i = 0;
            ref var first = ref MemoryMarshal.GetReference(text);
            if (Vector256.IsHardwareAccelerated)
            {
                var amp = Vector256.Create((byte)'&');
                var eq = Vector256.Create((byte)'=');
                for (; i <= text.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
                {
                    var chunk = Vector256.LoadUnsafe(ref first, (nuint)i);
                    var amps = Vector256.Equals(chunk, amp).ExtractMostSignificantBits();
                    var bits = amps | Vector256.Equals(chunk, eq).ExtractMostSignificantBits();
                    Visit(bits, amps, i, ref pairStart, ref separator);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                var amp = Vector128.Create((byte)'&');
                var eq = Vector128.Create((byte)'=');
                for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
                {
                    var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                    var amps = Vector128.Equals(chunk, amp).ExtractMostSignificantBits();
                    var bits = amps | Vector128.Equals(chunk, eq).ExtractMostSignificantBits();
                    Visit(bits, amps, i, ref pairStart, ref separator);
                }
            }

            for (; i < text.Length; i++)
            {
                var b = text[i];
                if (b == (byte)'&')
                {
                    End(i, pairStart, separator);
                    pairStart = i + 1;
                    separator = -1;
                }
                else if (b == (byte)'=' && separator < 0)
                {
                    separator = i;
                }
            }

            End(text.Length, pairStart, separator);
        }

        private void Visit(uint bits, uint amps, int offset, ref int pairStart, ref int separator)
        {
            while (bits != 0)
            {
                var bit = BitOperations.TrailingZeroCount(bits);
                var position = offset + bit;
                if ((amps & (1u << bit)) != 0)
                {
                    End(position, pairStart, separator);
                    pairStart = position + 1;
                    separator = -1;
                }
                else if (separator < 0)
                {
                    separator = position;
                }

                bits &= bits - 1;
            }
        }

        /// <summary>Records the pair from <paramref name="pairStart"/> to <paramref name="end"/>; an empty pair (<c>&amp;&amp;</c>) is no parameter.</summary>
        private void End(int end, int pairStart, int separator)
        {
            if (end == pairStart)
            {
                return;
            }

            var at = Count * Stride;
            if (at + Stride > _entries.Length)
            {
                Overflow = true;
                return;
            }

            _entries[at] = pairStart;
            _entries[at + 1] = (separator < 0 ? end : separator) - pairStart;
            _entries[at + 2] = separator < 0 ? -1 : end - separator - 1;
            Count++;
        }
    }

    /// <summary>Orders keys by decoded name, then decoded value (bytes, which for canonical-safe UTF-8 is the strings' ordinal order).</summary>
    private readonly ref struct Sorter(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch)
    {
        private readonly ReadOnlySpan<byte> _query = query;
        private readonly ReadOnlySpan<byte> _body = body;
        private readonly ReadOnlySpan<byte> _scratch = scratch;

        public ReadOnlySpan<byte> BytesOf(Component component) => TextOf(component.Source).Slice(component.Start, component.Length);

        /// <summary>
        /// Bytes <paramref name="offset"/> to <paramref name="offset"/> + 8 of a name, big-endian,
        /// zero-padded: orders as the bytes do wherever two prefixes differ. Read as one word
        /// when the text it lies in has 8 bytes there, the bytes past the name masked off.
        /// </summary>
        public ulong PrefixOf(Component name, int offset)
        {
            var remaining = name.Length - offset;
            if (remaining <= 0)
            {
                return 0;
            }

            var text = TextOf(name.Source);
            var at = name.Start + offset;
            if (text.Length - at >= sizeof(ulong))
            {
                var word = BinaryPrimitives.ReadUInt64BigEndian(text.Slice(at, sizeof(ulong)));
                return remaining >= sizeof(ulong) ? word : word & ~(ulong.MaxValue >> (remaining * 8));
            }

            ulong prefix = 0;
            for (var i = 0; i < sizeof(ulong); i++)
            {
                prefix = (prefix << 8) | (i < remaining ? text[at + i] : 0UL);
            }

            return prefix;
        }

        /// <summary>Binary insertion sort of the indices in <paramref name="order"/>: few comparisons, and moving a dozen ints is nothing.</summary>
        public void Sort(ReadOnlySpan<Key> keys, Span<int> order)
        {
            for (var i = 1; i < order.Length; i++)
            {
                var current = order[i];
                ref readonly var currentKey = ref keys[current];
                var low = 0;
                var high = i;
                while (low < high)
                {
                    var middle = (low + high) >>> 1;
                    if (Compare(keys[order[middle]], currentKey) <= 0)
                    {
                        low = middle + 1;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                if (low < i)
                {
                    order[low..i].CopyTo(order[(low + 1)..]);
                    order[low] = current;
                }
            }
        }

        private ReadOnlySpan<byte> TextOf(int source) => source switch
        {
            Key.Query => _query,
            Key.Body => _body,
            _ => _scratch,
        };

        private int Compare(in Key left, in Key right)
        {
            if (left.Prefix != right.Prefix)
            {
                return left.Prefix < right.Prefix ? -1 : 1;
            }

            if (left.Prefix2 != right.Prefix2)
            {
                return left.Prefix2 < right.Prefix2 ? -1 : 1;
            }

            var result = BytesOf(left.Name).SequenceCompareTo(BytesOf(right.Name));
            if (result == 0)
            {
                result = CompareValues(left.Value, right.Value);
            }

            // Equal names and values write the same bytes: order among them does not matter.
            return result;
        }

        private int CompareValues(Component left, Component right)
        {
            var leftBytes = BytesOf(left);
            var rightBytes = BytesOf(right);
            if (left.Form != ComponentForm.Encoded && right.Form != ComponentForm.Encoded)
            {
                return leftBytes.SequenceCompareTo(rightBytes);
            }

            // An encoded value sorts by what it decodes to ("%20" before "A", "%5B" after "Z").
            var needed = leftBytes.Length + rightBytes.Length;
            var rented = needed > StackScratchBytes ? ArrayPool<byte>.Shared.Rent(needed) : null;
            try
            {
                Span<byte> buffer = rented is null ? stackalloc byte[StackScratchBytes] : rented;
                var leftLength = left.Form == ComponentForm.Encoded ? RawForm.Decode(leftBytes, buffer) : Copy(leftBytes, buffer);
                var rightDecoded = buffer[leftLength..];
                var rightLength = right.Form == ComponentForm.Encoded ? RawForm.Decode(rightBytes, rightDecoded) : Copy(rightBytes, rightDecoded);
                return buffer[..leftLength].SequenceCompareTo(rightDecoded[..rightLength]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> destination)
        {
            bytes.CopyTo(destination);
            return bytes.Length;
        }
    }
}

/// <summary>The query and body bytes of a <see cref="ParameterTable"/>, open for reading.</summary>
internal readonly ref struct RawView(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, byte[]? rented)
{
    public ReadOnlySpan<byte> Query { get; } = query;

    public ReadOnlySpan<byte> Body { get; } = body;

    public ReadOnlySpan<byte> Of(RawSlice slice) => (slice.InQuery ? Query : Body).Slice(slice.Start, slice.Length);

    public void Dispose()
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>Where a raw component lies: in the query or the body, at which offset.</summary>
internal readonly record struct RawSlice(bool InQuery, int Start, int Length);
