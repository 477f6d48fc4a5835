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

        if (!RawForm.HasEscapes(raw))
        {
            return KnownText.Find(raw) ?? Encoding.UTF8.GetString(raw);
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            return Encoding.UTF8.GetString(rented, 0, RawForm.Decode(raw, rented));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
