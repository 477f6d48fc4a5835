using System.Buffers;
using System.Text;

namespace Latchkey.Signing;

/// <summary>Splits and decodes query strings and form bodies (spec §3).</summary>
internal static class FormDecoder
{
    public static void AddQuery(ReadOnlySpan<char> query, List<KeyValuePair<string, string>> into)
    {
        if (query.Length == 0)
        {
            return;
        }

        // The query may hold raw non-ASCII text (a lenient client); read it as UTF-8 like a body.
        var max = Encoding.UTF8.GetMaxByteCount(query.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(query, rented);
            AddForm(rented.AsSpan(0, length), into);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void AddForm(ReadOnlySpan<byte> form, List<KeyValuePair<string, string>> into)
    {
        while (form.Length > 0)
        {
            var amp = form.IndexOf((byte)'&');
            var pair = amp < 0 ? form : form[..amp];
            form = amp < 0 ? [] : form[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf((byte)'=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            into.Add(new KeyValuePair<string, string>(DecodeComponent(name), DecodeComponent(value)));
        }
    }

    public static string DecodeComponent(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return string.Empty;
        }

        if (raw.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return KnownText.Find(raw) ?? Encoding.UTF8.GetString(raw);
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == (byte)'+')
                {
                    b = (byte)' ';
                }
                else if (b == (byte)'%' && i + 2 < raw.Length && HexValue(raw[i + 1]) is var hi and >= 0 && HexValue(raw[i + 2]) is var lo and >= 0)
                {
                    b = (byte)((hi << 4) | lo);
                    i += 2;
                }

                rented[length++] = b;
            }

            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
