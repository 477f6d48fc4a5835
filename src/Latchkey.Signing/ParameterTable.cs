using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
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

    /// <summary>Up to this many parameters sort by plain insertion; more by binary insertion.</summary>
    private const int LinearSortLength = 24;

    /// <summary>Components that must be decoded to be sorted or encoded again: this many bytes in total on the stack.</summary>
    private const int StackScratchBytes = 256;

    private const int Stride = 3;

    // Set in a name length by the split when the name (bit 30) or the value (bit 29) holds only
    // unreserved bytes: such a component decodes to itself and encodes to itself, and nothing
    // has to look at its bytes again. Only for texts shorter than 2^29 bytes (LengthMask).
    private const int NameVerbatim = 1 << 30;
    private const int ValueVerbatim = 1 << 29;
    private const int FlaggedLengthMask = ValueVerbatim - 1;

    // The query: an ASCII string read from _queryStart, or its UTF-8 bytes (exactly one is set
    // when _queryLength > 0).
    private readonly string? _queryText;
    private readonly byte[]? _queryUtf8;
    private readonly byte _queryStart;
    private readonly int _queryLength;
    private readonly ReadOnlyMemory<byte> _body;

    // True when the split set the verbatim flags (texts shorter than 2^29 bytes). A bool beside
    // the byte above keeps the table, and the request holding it, at its size.
    private readonly bool _flagged;

    // Per parameter: start, name length, value length (-1: no '='). The value starts after the '='.
    private readonly int[] _entries;

    private ParameterTable(string? queryText, byte[]? queryUtf8, int queryStart, int queryLength, ReadOnlyMemory<byte> body, int[] entries, int count, int queryCount, int lengthMask)
    {
        _flagged = lengthMask != -1;
        _queryText = queryText;
        _queryUtf8 = queryUtf8;
        _queryStart = (byte)queryStart;
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
        // A query read as UTF-8 takes up to three bytes per character.
        var flagged = 3L * query.Length < ValueVerbatim && body.Length < ValueVerbatim;
        var splitter = new Splitter(stackEntries, flagged);
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
            return ReadMany(text, queryUtf8, queryStart, query, formBody, flagged);
        }

        var entries = splitter.Count == 0 ? [] : stackEntries[..(splitter.Count * Stride)].ToArray();
        return new ParameterTable(text, queryUtf8, queryStart, query.Length, formBody, entries, splitter.Count, queryCount, flagged ? FlaggedLengthMask : -1);
    }

    /// <summary><see cref="Read"/> for more than <see cref="StackEntries"/> parameters: counted first, split into the array.</summary>
    private static ParameterTable ReadMany(string? queryText, byte[]? queryUtf8, int queryStart, ReadOnlySpan<char> query, ReadOnlyMemory<byte> formBody, bool flagged)
    {
        var body = formBody.Span;
        var capacity = (query.IsEmpty ? 0 : query.Count('&') + 1) + (body.IsEmpty ? 0 : body.Count((byte)'&') + 1);
        var splitter = new Splitter(new int[capacity * Stride], flagged);
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

        return new ParameterTable(queryText, queryUtf8, queryStart, query.Length, formBody, splitter.ToArray(), splitter.Count, queryCount, flagged ? FlaggedLengthMask : -1);
    }

    /// <summary>The same table with fewer parameters, after the caller compacted the entries with <see cref="Move"/>.</summary>
    public ParameterTable WithCounts(int count, int queryCount) =>
        new(_queryText, _queryUtf8, _queryStart, _queryLength, _body, _entries, count, queryCount, LengthMask);

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
        return source.Slice(_entries[index * Stride], NameLengthAt(index * Stride));
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
        return source.Slice(_entries[at] + NameLengthAt(at) + 1, length);
    }

    /// <summary>Where the value of <paramref name="index"/> lies, to read it again later.</summary>
    public RawSlice ValueSlice(int index)
    {
        var at = index * Stride;
        var length = Math.Max(_entries[at + 2], 0);
        return new RawSlice(index < QueryCount, length == 0 ? 0 : _entries[at] + NameLengthAt(at) + 1, length);
    }

    /// <summary>True when the split saw only unreserved bytes in the raw name of <paramref name="index"/>: it is its own decoded text.</summary>
    public bool IsNameVerbatim(int index) => (_entries[(index * Stride) + 1] & ~LengthMask & NameVerbatim) != 0;

    /// <summary>True when the split saw only unreserved bytes in the raw value of <paramref name="index"/> (or it has none).</summary>
    public bool IsValueVerbatim(int index) => (_entries[(index * Stride) + 1] & ~LengthMask & ValueVerbatim) != 0;

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

    /// <summary>What a name length is masked with: <see cref="FlaggedLengthMask"/> when the split set the verbatim flags, else nothing.</summary>
    private int LengthMask => _flagged ? FlaggedLengthMask : -1;

    private int NameLengthAt(int at) => _entries[at + 1] & LengthMask;

    /// <summary>The index of the first parameter whose decoded name is <paramref name="asciiName"/>, or -1.</summary>
    public int IndexOf(string asciiName)
    {
        // A verbatim name is its decoded text: compared where it lies, by length first, without
        // narrowing the query. Only a name with escapes or reserved bytes needs the open view.
        for (var i = 0; i < Count; i++)
        {
            if (!IsNameVerbatim(i))
            {
                return IndexOfDecoded(asciiName, i);
            }

            var at = i * Stride;
            if (NameLengthAt(at) == asciiName.Length && VerbatimNameEquals(_entries[at], i < QueryCount, asciiName))
            {
                return i;
            }
        }

        return -1;
    }

    private bool VerbatimNameEquals(int start, bool inQuery, string asciiName)
    {
        if (!inQuery)
        {
            return Ascii.Equals(_body.Span.Slice(start, asciiName.Length), asciiName);
        }

        return _queryUtf8 is not null
            ? Ascii.Equals(_queryUtf8.AsSpan(start, asciiName.Length), asciiName)
            : _queryText.AsSpan(_queryStart + start, asciiName.Length).SequenceEqual(asciiName);
    }

    /// <summary><see cref="IndexOf"/> from parameter <paramref name="from"/> on, on the decoded names.</summary>
    private int IndexOfDecoded(string asciiName, int from)
    {
        Span<byte> stack = stackalloc byte[StackBytes];
        using var view = Open(stack);
        for (var i = from; i < Count; i++)
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
            var lengthMask = LengthMask;
            var flagMask = ~lengthMask;
            // What the list can take once written, summed while the components are looked at.
            var bound = 0;
            for (var i = 0; i < count; i++)
            {
                var at = i * Stride;
                var inQuery = i < QueryCount;
                var text = inQuery ? view.Query : view.Body;
                var source = inQuery ? Key.Query : Key.Body;
                var start = entries[at];
                var nameField = entries[at + 1];
                var nameLength = nameField & lengthMask;
                var valueLength = Math.Max(entries[at + 2], 0);
                var valueStart = valueLength == 0 ? 0 : start + nameLength + 1;
                ref var key = ref keys[i];
                if ((nameField & flagMask & NameVerbatim) != 0)
                {
                    key.Name = new Component(source, start, nameLength, ComponentForm.Verbatim);
                }
                else if (!Prepare(source, text, start, nameLength, isValue: false, ref scratch, out key.Name))
                {
                    return false;
                }

                if ((nameField & flagMask & ValueVerbatim) != 0)
                {
                    key.Value = new Component(source, valueStart, valueLength, ComponentForm.Verbatim);
                }
                else if (!Prepare(source, text, valueStart, valueLength, isValue: true, ref scratch, out key.Value))
                {
                    return false;
                }

                // The name's bytes are at hand now (a scratch that moves later keeps its bytes).
                var nameText = key.Name.Source == Key.Scratch ? scratch.Written : text;
                key.Prefix = PrefixOf(nameText, key.Name);
                bound += MaxWritten(key.Name, twice) + MaxWritten(key.Value, twice) + (twice ? 6 : 2);
                order[i] = i;
            }

            var sorter = new Sorter(view.Query, view.Body, scratch.Written);
            sorter.Sort(keys, order);
            // One capacity check for the whole list, then plain writes: a dozen parameters make
            // fifty appends, and each checked append costs more than the bytes it copies.
            var destination = builder.Reserve(bound);
            var written = 0;
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0)
                {
                    written = twice ? WriteEscaped(destination, written, (byte)'&') : Write(destination, written, (byte)'&');
                }

                ref readonly var key = ref keys[order[i]];
                written = Write(destination, written, key.Name.Form, sorter.BytesOf(key.Name), twice);
                written = twice ? WriteEscaped(destination, written, (byte)'=') : Write(destination, written, (byte)'=');
                written = Write(destination, written, key.Value.Form, sorter.BytesOf(key.Value), twice);
            }

            builder.Advance(written);
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

    /// <summary>
    /// The first 8 bytes of a name, big-endian, zero-padded: orders as the bytes do wherever two
    /// prefixes differ (equal prefixes compare the whole names). Read as one word when the text
    /// it lies in has 8 bytes there, the bytes past the name masked off.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixOf(ReadOnlySpan<byte> text, Component name)
    {
        var length = name.Length;
        var at = name.Start;
        if (length > 0 && text.Length - at >= sizeof(ulong))
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(text.Slice(at, sizeof(ulong)));
            return length >= sizeof(ulong) ? word : word & ~(ulong.MaxValue >> (length * 8));
        }

        ulong prefix = 0;
        for (var i = 0; i < sizeof(ulong); i++)
        {
            prefix = (prefix << 8) | (i < length ? text[at + i] : 0UL);
        }

        return prefix;
    }

    /// <summary>The most bytes <see cref="Write(Span{byte}, int, ComponentForm, ReadOnlySpan{byte}, bool)"/> writes for <paramref name="component"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MaxWritten(Component component, bool twice) => component.Form switch
    {
        ComponentForm.Verbatim => component.Length,
        // At most one byte in three is a '%', which grows by two.
        ComponentForm.Encoded => twice ? 2 * component.Length : component.Length,
        _ => RawForm.MaxEncodedLength(component.Length, twice),
    };

    private static int Write(Span<byte> destination, int at, ComponentForm form, ReadOnlySpan<byte> bytes, bool twice)
    {
        switch (form)
        {
            case ComponentForm.Verbatim:
                return Copy(bytes, destination, at);
            case ComponentForm.Encoded when twice:
                foreach (var b in bytes)
                {
                    destination[at++] = b;
                    if (b == (byte)'%')
                    {
                        destination[at++] = (byte)'2';
                        destination[at++] = (byte)'5';
                    }
                }

                return at;
            case ComponentForm.Encoded:
                return Copy(bytes, destination, at);
            default:
                return at + RawForm.Encode(bytes, destination[at..], twice);
        }
    }

    private static int Write(Span<byte> destination, int at, byte separator)
    {
        destination[at] = separator;
        return at + 1;
    }

    /// <summary>Writes <paramref name="separator"/> percent-encoded (<c>%26</c>, <c>%3D</c>), as V1's second encoding has it.</summary>
    private static int WriteEscaped(Span<byte> destination, int at, byte separator)
    {
        var target = destination.Slice(at, 3);
        target[2] = (byte)Rfc3986.UpperHex[separator & 0xF];
        target[1] = (byte)Rfc3986.UpperHex[separator >> 4];
        target[0] = (byte)'%';
        return at + 3;
    }

    /// <summary>
    /// Copies a component: most are under 16 bytes, where two overlapping word moves beat a call
    /// to the general memory move.
    /// </summary>
    private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> destination, int at)
    {
        var length = bytes.Length;
        var target = destination.Slice(at, length);
        if (length is >= 8 and <= 16)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(target, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            BinaryPrimitives.WriteUInt64LittleEndian(target[(length - 8)..], BinaryPrimitives.ReadUInt64LittleEndian(bytes[(length - 8)..]));
        }
        else if (length is >= 4 and < 8)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(target, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
            BinaryPrimitives.WriteUInt32LittleEndian(target[(length - 4)..], BinaryPrimitives.ReadUInt32LittleEndian(bytes[(length - 4)..]));
        }
        else
        {
            bytes.CopyTo(target);
        }

        return at + length;
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

    /// <summary>A parameter's name and value, and its decoded name's first 8 bytes as a sort prefix.</summary>
    internal struct Key
    {
        public const int Query = 0;
        public const int Body = 1;
        public const int Scratch = 2;

        public ulong Prefix;
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
    /// Splits on <c>&amp;</c> and each pair's first <c>=</c> in one pass that also notes which
    /// names and values hold only unreserved bytes (<see cref="NameVerbatim"/>): vector compares
    /// classify 32 (or 16) bytes at a time, and only the reserved bytes are visited, instead of
    /// two searches per parameter and a scan per component later.
    /// </summary>
    private ref struct Splitter(Span<int> entries, bool flagged)
    {
        private readonly Span<int> _entries = entries;
        private readonly bool _flagged = flagged;
        private bool _nameReserved;
        private bool _valueReserved;

        public int Count { get; private set; }

        /// <summary>True when a pair did not fit in the entries: the caller splits again into a larger array.</summary>
        public bool Overflow { get; private set; }

        public readonly int[] ToArray() => _entries[..(Count * Stride)].ToArray();

        public void Split(ReadOnlySpan<byte> text)
        {
            var pairStart = 0;
            var separator = -1;
            _nameReserved = false;
            _valueReserved = false;
            var i = 0;
            ref var first = ref MemoryMarshal.GetReference(text);
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= text.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
                {
                    var chunk = Vector256.LoadUnsafe(ref first, (nuint)i);
                    var amps = Vector256.Equals(chunk, Vector256.Create((byte)'&')).ExtractMostSignificantBits();
                    var equals = Vector256.Equals(chunk, Vector256.Create((byte)'=')).ExtractMostSignificantBits();
                    var lower = chunk | Vector256.Create((byte)0x20);
                    var unreserved = Vector256.LessThanOrEqual(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)('z' - 'a')))
                        | Vector256.LessThanOrEqual(chunk - Vector256.Create((byte)'0'), Vector256.Create((byte)9))
                        | Vector256.LessThanOrEqual(chunk - Vector256.Create((byte)'-'), Vector256.Create((byte)1))
                        | Vector256.Equals(chunk, Vector256.Create((byte)'_'))
                        | Vector256.Equals(chunk, Vector256.Create((byte)'~'));
                    Visit(~unreserved.ExtractMostSignificantBits(), amps, equals, i, ref pairStart, ref separator);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
                {
                    var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                    var amps = Vector128.Equals(chunk, Vector128.Create((byte)'&')).ExtractMostSignificantBits();
                    var equals = Vector128.Equals(chunk, Vector128.Create((byte)'=')).ExtractMostSignificantBits();
                    var lower = chunk | Vector128.Create((byte)0x20);
                    var unreserved = Vector128.LessThanOrEqual(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a')))
                        | Vector128.LessThanOrEqual(chunk - Vector128.Create((byte)'0'), Vector128.Create((byte)9))
                        | Vector128.LessThanOrEqual(chunk - Vector128.Create((byte)'-'), Vector128.Create((byte)1))
                        | Vector128.Equals(chunk, Vector128.Create((byte)'_'))
                        | Vector128.Equals(chunk, Vector128.Create((byte)'~'));
                    Visit(~unreserved.ExtractMostSignificantBits() & 0xFFFF, amps, equals, i, ref pairStart, ref separator);
                }
            }

            for (; i < text.Length; i++)
            {
                var b = text[i];
                if (!RawForm.IsUnreserved(b))
                {
                    Reserved(i, b == (byte)'&', b == (byte)'=', ref pairStart, ref separator);
                }
            }

            End(text.Length, pairStart, separator);
        }

        /// <summary>Visits each reserved byte of a vector (bit set in <paramref name="reserved"/>), in order.</summary>
        private void Visit(uint reserved, uint amps, uint equals, int offset, ref int pairStart, ref int separator)
        {
            while (reserved != 0)
            {
                // Once the component at hand is known to hold a reserved byte, nothing before
                // the byte that ends it ('&', or '=' in a name) matters: an escaped value is
                // skipped up to its '&', and what follows that is visited as usual.
                var stops = _valueReserved ? amps : _nameReserved && separator < 0 ? amps | equals : ~0u;
                var next = reserved & stops;
                if (next == 0)
                {
                    return;
                }

                reserved &= ~((next & (0u - next)) - 1);
                var bit = BitOperations.TrailingZeroCount(reserved);
                var mask = 1u << bit;
                Reserved(offset + bit, (amps & mask) != 0, (equals & mask) != 0, ref pairStart, ref separator);
                reserved &= reserved - 1;
            }
        }

        private void Reserved(int position, bool isAmp, bool isEquals, ref int pairStart, ref int separator)
        {
            if (isAmp)
            {
                End(position, pairStart, separator);
                pairStart = position + 1;
                separator = -1;
                _nameReserved = false;
                _valueReserved = false;
            }
            else if (isEquals && separator < 0)
            {
                separator = position;
            }
            else if (separator < 0)
            {
                _nameReserved = true;
            }
            else
            {
                // A second '=' is part of the value, like any other reserved byte.
                _valueReserved = true;
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

            var flags = !_flagged ? 0
                : (_nameReserved ? 0 : NameVerbatim) | (_valueReserved ? 0 : ValueVerbatim);
            _entries[at] = pairStart;
            _entries[at + 1] = ((separator < 0 ? end : separator) - pairStart) | flags;
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
        /// Insertion sort of the indices in <paramref name="order"/>. A dozen keys, nearly always
        /// told apart by their prefixes, are inserted from the back: SDKs often send them sorted
        /// already, where each costs one comparison. Longer lists search for their place
        /// (binary insertion), so that many parameters cannot make the comparisons quadratic.
        /// </summary>
        public void Sort(ReadOnlySpan<Key> keys, Span<int> order)
        {
            if (order.Length > LinearSortLength)
            {
                BinaryInsertionSort(keys, order);
                return;
            }

            for (var i = 1; i < order.Length; i++)
            {
                var current = order[i];
                ref readonly var currentKey = ref keys[current];
                var j = i - 1;
                while (j >= 0 && Compare(keys[order[j]], currentKey) > 0)
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = current;
            }
        }

        private void BinaryInsertionSort(ReadOnlySpan<Key> keys, Span<int> order)
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
