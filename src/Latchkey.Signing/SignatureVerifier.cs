using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// The one verifier of both versions: rebuilds the StringToSign from the parsed request's raw
/// parameters, computes the HMAC with the prepared key and compares in constant time. Allocates
/// nothing on a match.
/// </summary>
internal static class SignatureVerifier
{
    /// <summary>Canonical strings up to this length are built on the stack (a 13-parameter call needs about 700 bytes).</summary>
    internal const int StackStringBytes = 1024;

    /// <summary>False only when <paramref name="key"/> was disposed before the HMAC could start; otherwise <paramref name="error"/> is the answer (null: valid).</summary>
    public static bool TryVerify(ParsedRequest request, SigningKey key, out SignatureError? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        if (request.Error is { } shape)
        {
            error = shape;
            return true;
        }

        return request.SignatureVersion == SignatureVersion.V1 ? TryVerifyV1(request, key, out error) : TryVerifyV3(request, key, out error);
    }

    /// <summary><c>METHOD&amp;%2F&amp;PercentEncode(CanonicalizedQueryString)</c>.</summary>
    public static void WriteV1StringToSign(ParsedRequest request, ref ByteBuilder builder)
    {
        builder.AppendUtf8(request.Method);
        builder.Append("&%2F&"u8);
        request.WriteSortedParameters(ref builder, request.Table.Count, twice: true);
    }

    /// <summary>The six lines of the V3 CanonicalRequest, joined by <c>\n</c>.</summary>
    public static void WriteV3CanonicalRequest(ParsedRequest request, ref ByteBuilder builder)
    {
        var v3 = request.V3!;
        builder.AppendUtf8(request.Method);
        builder.Append((byte)'\n');
        builder.AppendUtf8(v3.CanonicalUri);
        builder.Append((byte)'\n');
        request.WriteSortedParameters(ref builder, request.Table.QueryCount, twice: false);
        builder.Append((byte)'\n');
        var names = v3.SignedHeaderNames;
        for (var i = 0; i < names.Length; i++)
        {
            builder.AppendUtf8(names[i]);
            builder.Append((byte)':');
            builder.AppendUtf8(v3.HeaderValue(i));
            builder.Append((byte)'\n');
        }

        builder.Append((byte)'\n');
        builder.AppendUtf8(v3.SignedHeaders);
        builder.Append((byte)'\n');
        builder.AppendUtf8(v3.BodySha256);
    }

    private static bool TryVerifyV1(ParsedRequest request, SigningKey key, out SignatureError? error)
    {
        error = null;
        // The StringToSign of a usual request fits on the stack; a longer one moves to the pool.
        var builder = new ByteBuilder(stackalloc byte[StackStringBytes]);
        try
        {
            WriteV1StringToSign(request, ref builder);
            Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
            if (!key.TryComputeV1(builder.Written, expected))
            {
                return false;
            }

            Span<byte> received = stackalloc byte[32];
            var decoded = TryReadV1Signature(request, received, out var written) && written == expected.Length;
            if (!decoded || !CryptographicOperations.FixedTimeEquals(expected, received[..written]))
            {
                error = SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(builder.Written));
            }

            return true;
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// The received V1 signature: the <c>Signature</c> parameter decoded as form text, then as
    /// Base64 (whitespace ignored, as <see cref="Convert.TryFromBase64String"/> does), on the stack.
    /// </summary>
    private static bool TryReadV1Signature(ParsedRequest request, Span<byte> destination, out int written)
    {
        Span<byte> stack = stackalloc byte[request.Table.StackBytes];
        using var view = request.Table.Open(stack);
        var raw = view.Of(request.V1Signature);
        Span<char> chars = stackalloc char[Math.Min(raw.Length, 256)];
        return RawForm.TryDecodeChars(raw, chars, out var length)
            ? Convert.TryFromBase64Chars(chars[..length], destination, out written)
            : Convert.TryFromBase64String(RawForm.ToText(raw), destination, out written);
    }

    private static bool TryVerifyV3(ParsedRequest request, SigningKey key, out SignatureError? error)
    {
        error = null;
        Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];
        var builder = new ByteBuilder(stackalloc byte[StackStringBytes]);
        try
        {
            WriteV3CanonicalRequest(request, ref builder);
            Canonicalizer.WriteV3StringToSign(builder.Written, stringToSign, key.UsesNativeDigest);
        }
        finally
        {
            builder.Dispose();
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!key.TryComputeV3(stringToSign, expected))
        {
            return false;
        }

        Span<byte> received = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Convert.FromHexString(request.V3!.SignatureHex, received, out _, out _);
        if (!CryptographicOperations.FixedTimeEquals(expected, received))
        {
            error = SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(stringToSign));
        }

        return true;
    }
}
