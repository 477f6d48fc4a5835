using System.Buffers;
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
        var capacity = (query.IsEmpty ? 0 : query.Count('&') + 1) + (body.IsEmpty ? 0 : body.Count((byte)'&') + 1);
        var entries = capacity == 0 ? [] : new int[capacity * Stride];
        var count = 0;
        byte[]? queryUtf8 = null;
        if (!query.IsEmpty)
        {
            if (Ascii.IsValid(query))
            {
                Split(query, '&', '=', entries, ref count);
            }
            else
            {
                // Lone surrogates become U+FFFD's bytes here, as they always did.
                queryUtf8 = new byte[Encoding.UTF8.GetByteCount(query)];
                Encoding.UTF8.GetBytes(query, queryUtf8);
                Split<byte>(queryUtf8, (byte)'&', (byte)'=', entries, ref count);
            }
        }

        var queryCount = count;
        if (!body.IsEmpty)
        {
            Split(body, (byte)'&', (byte)'=', entries, ref count);
        }

        return new ParameterTable(queryUtf8 is null ? queryString : null, queryUtf8, queryStart, query.Length, formBody, entries, count, queryCount);
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
    /// without escapes is used where it lies, one with escapes is decoded into a pooled scratch
    /// array. False (nothing written) when a decoded component is not valid UTF-8 or holds a
    /// code point from U+E000 up: there the bytes' order or re-encoding could differ from the
    /// decoded strings', and the caller canonicalises the strings instead.
    /// </summary>
    public bool TryWriteSorted(ref ByteBuilder builder, int count, bool twice)
    {
        if (count == 0)
        {
            return true;
        }

        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        byte[]? scratch = null;
        Key[]? rentedKeys = null;
        int[]? rentedOrder = null;
        var keys = count <= 64 ? stackalloc Key[count] : (rentedKeys = ArrayPool<Key>.Shared.Rent(count)).AsSpan(0, count);
        var order = count <= 64 ? stackalloc int[count] : (rentedOrder = ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            var scratchLength = 0;
            for (var i = 0; i < count; i++)
            {
                var at = i * Stride;
                var source = i < QueryCount ? Key.Query : Key.Body;
                var start = _entries[at];
                var nameLength = _entries[at + 1];
                var valueLength = Math.Max(_entries[at + 2], 0);
                ref var key = ref keys[i];
                if (!Prepare(source, start, nameLength, view, ref scratch, ref scratchLength, out key.Name)
                    || !Prepare(source, valueLength == 0 ? 0 : start + nameLength + 1, valueLength, view, ref scratch, ref scratchLength, out key.Value))
                {
                    return false;
                }

                order[i] = i;
            }

            var sorter = new Sorter(view.Query, view.Body, scratch);
            for (var i = 0; i < count; i++)
            {
                keys[i].Prefix = Prefix(sorter.NameOf(keys[i]));
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
                Append(ref builder, key.Name, sorter.NameOf(key), twice);
                builder.Append(equals);
                Append(ref builder, key.Value, sorter.ValueOf(key), twice);
            }

            return true;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

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

    private static bool Prepare(int source, int start, int length, in RawView view, ref byte[]? scratch, ref int scratchLength, out Component component)
    {
        var raw = (source == Key.Query ? view.Query : view.Body).Slice(start, length);
        var reserved = RawForm.IndexOfReserved(raw);
        if (reserved < 0)
        {
            // The usual case: decodes to itself and encodes to itself.
            component = new Component(source, start, length, Verbatim: true);
            return true;
        }

        if (RawForm.IsPlain(raw[reserved..]))
        {
            component = new Component(source, start, length, Verbatim: false);
            return true;
        }

        // Decoding never lengthens a component, so the whole query and body bound the scratch.
        scratch ??= ArrayPool<byte>.Shared.Rent(Math.Max(view.Query.Length + view.Body.Length, 16));
        var written = RawForm.Decode(raw, scratch.AsSpan(scratchLength));
        component = new Component(Key.Scratch, scratchLength, written, Verbatim: false);
        scratchLength += written;
        return RawForm.IsCanonicalSafe(scratch.AsSpan(component.Start, written));
    }

    private static void Split<T>(ReadOnlySpan<T> text, T amp, T eq, int[] entries, ref int count)
        where T : IEquatable<T>
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var rest = text[offset..];
            var end = rest.IndexOf(amp);
            var pair = end < 0 ? rest : rest[..end];
            if (!pair.IsEmpty)
            {
                var at = count * Stride;
                var separator = pair.IndexOf(eq);
                entries[at] = offset;
                entries[at + 1] = separator < 0 ? pair.Length : separator;
                entries[at + 2] = separator < 0 ? -1 : pair.Length - separator - 1;
                count++;
            }

            offset += pair.Length + 1;
        }
    }

    private static void Append(ref ByteBuilder builder, Component component, scoped ReadOnlySpan<byte> decoded, bool twice)
    {
        if (component.Verbatim)
        {
            builder.Append(decoded);
        }
        else
        {
            builder.AppendPercentEncoded(decoded, twice);
        }
    }

    /// <summary>The first 8 bytes of a name, big-endian, zero-padded: orders as the bytes do wherever two prefixes differ.</summary>
    private static ulong Prefix(ReadOnlySpan<byte> name)
    {
        if (name.Length >= 8)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(name);
        }

        ulong prefix = 0;
        for (var i = 0; i < 8; i++)
        {
            prefix = (prefix << 8) | (i < name.Length ? name[i] : 0UL);
        }

        return prefix;
    }

    /// <summary>A decoded component: where its bytes lie (query, body or scratch), and whether they are all unreserved (written as they are).</summary>
    internal readonly record struct Component(int Source, int Start, int Length, bool Verbatim)
    {
        public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, ReadOnlySpan<byte> scratch) =>
            (Source switch
            {
                Key.Query => query,
                Key.Body => body,
                _ => scratch,
            }).Slice(Start, Length);
    }

    /// <summary>A parameter's decoded name and value, and its name's sort prefix.</summary>
    internal struct Key
    {
        public const int Query = 0;
        public const int Body = 1;
        public const int Scratch = 2;

        public ulong Prefix;
        public Component Name;
        public Component Value;
    }

    /// <summary>Orders keys by decoded name, then decoded value (bytes, which for canonical-safe UTF-8 is the strings' ordinal order).</summary>
    private readonly ref struct Sorter(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, byte[]? scratch)
    {
        private readonly ReadOnlySpan<byte> _query = query;
        private readonly ReadOnlySpan<byte> _body = body;
        private readonly ReadOnlySpan<byte> _scratch = scratch;

        public ReadOnlySpan<byte> NameOf(in Key key) => key.Name.Of(_query, _body, _scratch);

        public ReadOnlySpan<byte> ValueOf(in Key key) => key.Value.Of(_query, _body, _scratch);

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

        private int Compare(in Key left, in Key right)
        {
            if (left.Prefix != right.Prefix)
            {
                return left.Prefix < right.Prefix ? -1 : 1;
            }

            var result = NameOf(left).SequenceCompareTo(NameOf(right));
            if (result == 0)
            {
                result = ValueOf(left).SequenceCompareTo(ValueOf(right));
            }

            // Equal names and values write the same bytes: order among them does not matter.
            return result;
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
