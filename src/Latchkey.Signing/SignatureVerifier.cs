using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// The one verifier of both versions: rebuilds the StringToSign from the parsed request, computes
/// the HMAC with the prepared key and compares in constant time. Allocates nothing on a match.
/// </summary>
internal static class SignatureVerifier
{
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

    public static void WriteV3CanonicalRequest(ParsedRequest request, ref ByteBuilder builder)
    {
        var v3 = request.V3!;
        Canonicalizer.WriteV3CanonicalRequest(ref builder, request.Method, v3.CanonicalUri, request.ParameterList, v3.QueryCount, v3.SignedHeaderNames, v3.SignedHeaderValues, v3.SignedHeaders, v3.BodySha256);
    }

    private static bool TryVerifyV1(ParsedRequest request, SigningKey key, out SignatureError? error)
    {
        error = null;
        var builder = new ByteBuilder(1024);
        try
        {
            Canonicalizer.WriteV1StringToSign(ref builder, request.Method, request.ParameterList);
            Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
            if (!key.TryComputeV1(builder.Written, expected))
            {
                return false;
            }

            Span<byte> received = stackalloc byte[32];
            var decoded = Convert.TryFromBase64String(request.V1Signature, received, out var written) && written == expected.Length;
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

    private static bool TryVerifyV3(ParsedRequest request, SigningKey key, out SignatureError? error)
    {
        error = null;
        Span<byte> stringToSign = stackalloc byte[Canonicalizer.V3StringToSignLength];
        var builder = new ByteBuilder(1024);
        try
        {
            WriteV3CanonicalRequest(request, ref builder);
            Canonicalizer.WriteV3StringToSign(builder.Written, stringToSign);
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

        if (!CryptographicOperations.FixedTimeEquals(expected, request.V3Signature))
        {
            error = SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(stringToSign));
        }

        return true;
    }
}
