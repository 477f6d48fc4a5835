using System.Buffers;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// Signature V1 (spec §5): every parameter of the query and of a form body is signed, except
/// <c>Signature</c> itself. Nothing else of the request (path, host, headers, a body that is not
/// a form) is covered.
/// </summary>
/// <remarks>
/// One pass over the raw parameter names finds the fields (first occurrence of each, compared on
/// the decoded name) and drops every <c>Signature</c>; the checks read the fields' decoded bytes
/// on the stack. Only <see cref="ParsedRequest.Action"/>, <see cref="ParsedRequest.Version"/> and
/// <see cref="ParsedRequest.Format"/> become strings here (shared instances for known values);
/// the AccessKeyId, nonce and token are decoded when first read.
/// </remarks>
internal static class V1Reader
{
    // The first seven are the required fields, in the order their absence is reported.
    private const int AccessKeyId = 0;
    private const int SignatureMethod = 1;
    private const int SignatureVersion = 2;
    private const int SignatureNonce = 3;
    private const int Timestamp = 4;
    private const int Action = 5;
    private const int Version = 6;
    private const int Format = 7;
    private const int SecurityToken = 8;
    private const int Signature = 9;
    private const int FieldCount = 10;

    /// <summary>Printable ASCII (0x20-0x7E) except <c>%</c> and <c>+</c>: bytes that decode to themselves and pass the nonce check.</summary>
    private static readonly SearchValues<byte> PlainPrintable = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Where(static b => b is not '%' and not '+').Select(static b => (byte)b).ToArray());

    private static readonly string[] Required =
        ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Action", "Version"];

    public static ParsedRequest Read(string method, ParameterTable table, bool hasFormBody)
    {
        Span<int> found = stackalloc int[FieldCount];
        found.Fill(-1);
        Span<byte> stack = stackalloc byte[table.StackBytes];
        using var view = table.Open(stack);
        var signature = default(RawSlice);
        var kept = 0;
        var keptInQuery = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var field = Classify(table.Name(view, i), table.IsNameVerbatim(i));
            if (field == Signature)
            {
                if (found[Signature] < 0)
                {
                    found[Signature] = i;
                    signature = table.ValueSlice(i);
                }

                continue;
            }

            table.Move(i, kept);
            if (field >= 0 && found[field] < 0)
            {
                found[field] = kept;
            }

            keptInQuery += i < table.QueryCount ? 1 : 0;
            kept++;
        }

        table = table.WithCounts(kept, keptInQuery);
        var formatValid = ReadFormat(table, view, found[Format], out var format);
        var parsed = new ParsedRequest(Latchkey.Signing.SignatureVersion.V1, method, table, hasFormBody)
        {
            V1Signature = signature,
            Action = found[Action] >= 0 ? RawForm.ToText(table.Value(view, found[Action])) : string.Empty,
            Version = found[Version] >= 0 ? RawForm.ToText(table.Value(view, found[Version])) : string.Empty,
            Format = format,
        };
        parsed.Error = Check(parsed, table, view, found, formatValid);
        return parsed;
    }

    private static SignatureError? Check(ParsedRequest parsed, ParameterTable table, in RawView view, ReadOnlySpan<int> found, bool formatValid)
    {
        if (found[Signature] < 0)
        {
            return SignatureErrors.MissingSignature;
        }

        if (!formatValid)
        {
            return SignatureErrors.InvalidFormat;
        }

        for (var field = 0; field < Required.Length; field++)
        {
            // A component decodes to an empty string only when it is empty.
            if (found[field] < 0 || table.Value(view, found[field]).IsEmpty)
            {
                return SignatureErrors.Missing(Required[field]);
            }
        }

        if (parsed.V1Signature.Length == 0)
        {
            return SignatureErrors.MissingSignature;
        }

        if (!RawForm.DecodedEquals(table.Value(view, found[SignatureMethod]), "HMAC-SHA1"u8)
            || !RawForm.DecodedEquals(table.Value(view, found[SignatureVersion]), "1.0"u8))
        {
            return SignatureErrors.InvalidSignatureMethod;
        }

        // A value of unreserved bytes only is printable and decodes to itself.
        var nonceValid = table.IsValueVerbatim(found[SignatureNonce])
            ? table.Value(view, found[SignatureNonce]).Length <= RequestFields.MaxNonceLength
            : IsWellFormedNonce(table.Value(view, found[SignatureNonce]));
        if (!nonceValid)
        {
            return SignatureErrors.InvalidSignatureNonce;
        }

        var rawTimestamp = table.Value(view, found[Timestamp]);
        if (!TryReadTimestamp(rawTimestamp, out var timestamp))
        {
            return SignatureErrors.InvalidTimeStampFormat;
        }

        parsed.Timestamp = timestamp;
        parsed.V1Fields = new V1FieldIndices(
            found[AccessKeyId],
            found[SignatureNonce],
            found[SecurityToken] >= 0 && !table.Value(view, found[SecurityToken]).IsEmpty ? found[SecurityToken] : -1);
        return null;
    }

    /// <summary>
    /// The timestamp on the decoded bytes when it has the form every SDK sends
    /// (<see cref="RequestFields.TryParseBasicTimestamp(ReadOnlySpan{byte}, out DateTimeOffset)"/>);
    /// any other text goes through the decoded characters, as before.
    /// </summary>
    private static bool TryReadTimestamp(ReadOnlySpan<byte> raw, out DateTimeOffset timestamp)
    {
        // "yyyy-MM-ddTHH%3Amm%3AssZ" is 24 bytes; the basic form decodes to 20.
        if (raw.Length <= 3 * RequestFields.BasicTimestampLength)
        {
            Span<byte> decoded = stackalloc byte[raw.Length];
            if (RequestFields.TryParseBasicTimestamp(decoded[..RawForm.Decode(raw, decoded)], out timestamp))
            {
                return true;
            }
        }

        Span<char> chars = stackalloc char[Math.Min(raw.Length, 256)];
        return RawForm.TryDecodeChars(raw, chars, out var written)
            ? RequestFields.TryParseTimestamp(chars[..written], out timestamp)
            : RequestFields.TryParseTimestamp(RawForm.ToText(raw), out timestamp);
    }

    /// <summary>Absent is valid (no format); present must be JSON or XML in any case, compared on the decoded text.</summary>
    private static bool ReadFormat(ParameterTable table, in RawView view, int index, out string? format)
    {
        format = null;
        if (index < 0)
        {
            return true;
        }

        var raw = table.Value(view, index);
        // Plain ASCII decodes to itself, and only ASCII letters fold to ASCII letters here.
        if (RawForm.IsPlain(raw))
        {
            format = Ascii.EqualsIgnoreCase(raw, "JSON"u8) ? "JSON"
                : Ascii.EqualsIgnoreCase(raw, "XML"u8) ? "XML"
                : null;
            return format is not null;
        }

        Span<char> chars = stackalloc char[Math.Min(raw.Length, 256)];
        return RawForm.TryDecodeChars(raw, chars, out var written)
            ? RequestFields.TryReadFormat(chars[..written], out format)
            : RequestFields.TryReadFormat(RawForm.ToText(raw), out format);
    }

    /// <summary>
    /// <see cref="RequestFields.IsWellFormedNonce"/> on the decoded bytes: a byte outside
    /// 0x20-0x7E is a character outside that range in the string too.
    /// </summary>
    private static bool IsWellFormedNonce(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw.Length > 3 * RequestFields.MaxNonceLength)
        {
            return false;
        }

        // The usual nonce (hex, a UUID) has no escapes: it is its own decoded text.
        if (!raw.ContainsAnyExcept(PlainPrintable))
        {
            return raw.Length <= RequestFields.MaxNonceLength;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        var length = RawForm.Decode(raw, decoded);
        return length <= RequestFields.MaxNonceLength && !decoded[..length].ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);
    }

    /// <summary>Which field a raw name decodes to, or -1.</summary>
    private static int Classify(ReadOnlySpan<byte> raw, bool verbatim)
    {
        var field = ClassifyDecoded(raw);
        // The longest field name is 16 bytes; an escape is 3 raw bytes for 1. Names the SDKs send
        // match as they are, so escapes are looked for only when nothing matched.
        if (field >= 0 || verbatim || raw.Length > 48 || !RawForm.HasEscapes(raw))
        {
            // A name that matched as it is cannot hold '%' or '+': no field name does.
            return field;
        }

        Span<byte> decoded = stackalloc byte[raw.Length];
        return ClassifyDecoded(decoded[..RawForm.Decode(raw, decoded)]);
    }

    private static int ClassifyDecoded(ReadOnlySpan<byte> name) => name.Length switch
    {
        6 => name.SequenceEqual("Action"u8) ? Action
            : name.SequenceEqual("Format"u8) ? Format
            : -1,
        7 => name.SequenceEqual("Version"u8) ? Version : -1,
        9 => name.SequenceEqual("Timestamp"u8) ? Timestamp
            : name.SequenceEqual("Signature"u8) ? Signature
            : -1,
        11 => name.SequenceEqual("AccessKeyId"u8) ? AccessKeyId : -1,
        13 => name.SequenceEqual("SecurityToken"u8) ? SecurityToken : -1,
        14 => name.SequenceEqual("SignatureNonce"u8) ? SignatureNonce : -1,
        15 => name.SequenceEqual("SignatureMethod"u8) ? SignatureMethod : -1,
        16 => name.SequenceEqual("SignatureVersion"u8) ? SignatureVersion : -1,
        _ => -1,
    };
}

/// <summary>V1: where the fields read after the parse lie (parameter indices), -1 when absent; all -1 until the shape checks pass.</summary>
internal readonly record struct V1FieldIndices(int AccessKeyId, int SignatureNonce, int SecurityToken)
{
    public static readonly V1FieldIndices None = new(-1, -1, -1);
}
