using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Signing;

/// <summary>
/// The one verifier of both versions: rebuilds the StringToSign from the parsed request, computes
/// the HMAC with the prepared key and compares in constant time. Allocates nothing on a match.
/// </summary>
internal static class SignatureVerifier
{
    public static SignatureError? Verify(ParsedRequest request, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        if (request.Error is { } error)
        {
            return error;
        }

        return request.SignatureVersion == SignatureVersion.V1 ? VerifyV1(request, key) : VerifyV3(request, key);
    }

    public static void WriteV3CanonicalRequest(ParsedRequest request, ref ByteBuilder builder)
    {
        var v3 = request.V3!;
        Canonicalizer.WriteV3CanonicalRequest(ref builder, request.Method, v3.CanonicalUri, request.ParameterList, v3.QueryCount, v3.SignedHeaderNames, v3.SignedHeaderValues, v3.SignedHeaders, v3.BodySha256);
    }

    private static SignatureError? VerifyV1(ParsedRequest request, SigningKey key)
    {
        var builder = new ByteBuilder(1024);
        try
        {
            Canonicalizer.WriteV1StringToSign(ref builder, request.Method, request.ParameterList);
            Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
            key.ComputeV1(builder.Written, expected);
            Span<byte> received = stackalloc byte[32];
            var decoded = Convert.TryFromBase64String(request.V1Signature, received, out var written) && written == expected.Length;
            if (decoded && CryptographicOperations.FixedTimeEquals(expected, received[..written]))
            {
                return null;
            }

            return SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(builder.Written));
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static SignatureError? VerifyV3(ParsedRequest request, SigningKey key)
    {
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
        key.ComputeV3(stringToSign, expected);
        if (CryptographicOperations.FixedTimeEquals(expected, request.V3Signature))
        {
            return null;
        }

        return SignatureErrors.SignatureDoesNotMatch(Encoding.ASCII.GetString(stringToSign));
    }
}
