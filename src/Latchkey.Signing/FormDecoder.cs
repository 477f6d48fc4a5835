using System.Buffers;
using System.Text;

namespace Latchkey.Signing;

/// <summary>Decodes one query or form component into a string (spec §3); <see cref="ParameterTable"/> splits them.</summary>
internal static class FormDecoder
{
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
