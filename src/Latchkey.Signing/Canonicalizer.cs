using System.Buffers;
using System.Security.Cryptography;

namespace Latchkey.Signing;

/// <summary>Builds the byte strings both signature versions sign (spec §5.2, §6.2).</summary>
internal static class Canonicalizer
{
    public const string V3Algorithm = "ACS3-HMAC-SHA256";
    public const int V3StringToSignLength = 17 + 64;
    public const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string LowerHex = "0123456789abcdef";

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary><c>METHOD&amp;%2F&amp;PercentEncode(CanonicalizedQueryString)</c>.</summary>
    public static void WriteV1StringToSign(ref ByteBuilder builder, string method, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        builder.AppendUtf8(method);
        builder.Append("&%2F&"u8);
        WriteSortedQuery(ref builder, parameters, parameters.Count, twice: true);
    }

    /// <summary>
    /// The first <paramref name="count"/> parameters sorted, as <c>name=value&amp;...</c>, each part
    /// percent-encoded; <paramref name="twice"/> writes the V1 form that is encoded once more.
    /// </summary>
    public static void WriteSortedQuery(ref ByteBuilder builder, IReadOnlyList<KeyValuePair<string, string>> parameters, int count, bool twice)
    {
        if (count == 0)
        {
            return;
        }

        int[]? rented = null;
        var order = count <= 64 ? stackalloc int[count] : (rented = ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Sort(order, new ParameterOrder(parameters));
            var separator = twice ? "%26"u8 : "&"u8;
            var equals = twice ? "%3D"u8 : "="u8;
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(separator);
                }

                var parameter = parameters[order[i]];
                builder.AppendEncoded(parameter.Key, twice);
                builder.Append(equals);
                builder.AppendEncoded(parameter.Value, twice);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Insertion sort for the usual dozen parameters: MemoryExtensions.Sort boxes the comparer and
    /// allocates a delegate, which would be the only allocation of a successful verification.
    /// </summary>
    private static void Sort(Span<int> order, ParameterOrder comparer)
    {
        if (order.Length > 32)
        {
            order.Sort(comparer);
            return;
        }

        for (var i = 1; i < order.Length; i++)
        {
            var current = order[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(order[j], current) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }
    }

    /// <summary>The six lines of the V3 CanonicalRequest, joined by <c>\n</c>.</summary>
    public static void WriteV3CanonicalRequest(
        ref ByteBuilder builder,
        string method,
        string canonicalUri,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        int queryCount,
        IReadOnlyList<string> signedHeaderNames,
        IReadOnlyList<string> signedHeaderValues,
        string signedHeaders,
        string bodySha256Hex)
    {
        builder.AppendUtf8(method);
        builder.Append((byte)'\n');
        builder.AppendUtf8(canonicalUri);
        builder.Append((byte)'\n');
        WriteSortedQuery(ref builder, parameters, queryCount, twice: false);
        builder.Append((byte)'\n');
        for (var i = 0; i < signedHeaderNames.Count; i++)
        {
            builder.AppendUtf8(signedHeaderNames[i]);
            builder.Append((byte)':');
            builder.AppendUtf8(signedHeaderValues[i].AsSpan().Trim());
            builder.Append((byte)'\n');
        }

        builder.Append((byte)'\n');
        builder.AppendUtf8(signedHeaders);
        builder.Append((byte)'\n');
        builder.AppendUtf8(bodySha256Hex);
    }

    /// <summary><c>ACS3-HMAC-SHA256\n</c> + lower-hex SHA-256 of the canonical request.</summary>
    public static void WriteV3StringToSign(ReadOnlySpan<byte> canonicalRequest, Span<byte> destination) =>
        WriteV3StringToSign(canonicalRequest, destination, NativeDigest.IsEnabled);

    /// <summary>As the two-argument overload, on the digest path a verifier's <see cref="SigningKey"/> uses, so a key forced onto one path hashes everything there.</summary>
    public static void WriteV3StringToSign(ReadOnlySpan<byte> canonicalRequest, Span<byte> destination, bool useNativeDigest)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (useNativeDigest)
        {
            NativeDigest.Sha256.HashData(canonicalRequest, hash);
        }
        else
        {
            Sha256(canonicalRequest, hash);
        }

        "ACS3-HMAC-SHA256\n"u8.CopyTo(destination);
        WriteLowerHex(hash, destination[17..]);
    }

    /// <summary>
    /// SHA-256 on a hash object kept per thread (the framework path): the one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
    /// sets up and frees a native context every call, a fifth of hashing a canonical request.
    /// </summary>
    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var sha256 = t_sha256 ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_sha256 = null;
        sha256.AppendData(data);
        sha256.GetHashAndReset(destination);
        // Kept only after GetHashAndReset succeeded: an instance that threw may hold data.
        t_sha256 = sha256;
    }

    public static void WriteLowerHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)LowerHex[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)LowerHex[bytes[i] & 0xF];
        }
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return EmptyBodySha256;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>CanonicalURI: each path segment percent-encoded, slashes kept; <c>/</c> for RPC.</summary>
    public static string CanonicalUri(string path)
    {
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            // In a path '+' is a literal plus, so no form decoding here.
            segments[i] = Rfc3986.Encode(Uri.UnescapeDataString(segments[i]));
        }

        var joined = string.Join('/', segments);
        return joined.StartsWith('/') ? joined : "/" + joined;
    }

    /// <summary>Writes the UTF-8 bytes of a key; callers pass a buffer of 3 bytes per char (+1).</summary>
    public static int WriteKey(string secret, bool appendAmpersand, Span<byte> destination)
    {
        var length = System.Text.Encoding.UTF8.GetBytes(secret, destination);
        if (appendAmpersand)
        {
            destination[length++] = (byte)'&';
        }

        return length;
    }
}
