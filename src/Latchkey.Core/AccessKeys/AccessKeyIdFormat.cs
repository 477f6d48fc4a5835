using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Core.AccessKeys;

/// <summary>
/// The AccessKeyId format (docs/access-keys.md): 24 base62 characters = a letters-only prefix
/// (default "LK"), random characters, and a 4-character check part computed from the first 20.
/// The check part lets the hot path refuse typos and made-up ids without touching the store,
/// and lets a secret scanner recognise a leaked id offline. It is a checksum, not a MAC.
/// </summary>
public static class AccessKeyIdFormat
{
    public const int Length = 24;
    public const int CheckLength = 4;
    public const int SecretLength = 30;

    internal const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private const int BodyLength = Length - CheckLength;

    public static bool IsWellFormed(string? accessKeyId)
    {
        if (accessKeyId is null || accessKeyId.Length != Length || !char.IsAsciiLetter(accessKeyId[0]))
        {
            return false;
        }

        foreach (var c in accessKeyId)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        Span<char> check = stackalloc char[CheckLength];
        WriteCheck(accessKeyId.AsSpan(0, BodyLength), check);
        return check.SequenceEqual(accessKeyId.AsSpan(BodyLength));
    }

    /// <summary>A new id: <paramref name="prefix"/>, CSPRNG base62 characters, check part.</summary>
    internal static string NewAccessKeyId(string prefix)
    {
        if (prefix.Length is < 1 or > 8 || !prefix.All(char.IsAsciiLetter))
        {
            throw new ArgumentException("The AccessKeyId prefix must be 1-8 ASCII letters.", nameof(prefix));
        }

        var random = RandomNumberGenerator.GetString(Base62, BodyLength - prefix.Length);
        return string.Create(Length, (prefix, random), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            state.random.AsSpan().CopyTo(span[state.prefix.Length..]);
            WriteCheck(span[..BodyLength], span[BodyLength..]);
        });
    }

    /// <summary>A new secret: 30 CSPRNG base62 characters (about 178 bits).</summary>
    internal static AccessKeySecret NewSecret() => new(RandomNumberGenerator.GetString(Base62, SecretLength));

    private static void WriteCheck(ReadOnlySpan<char> body, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[BodyLength];
        var written = Encoding.ASCII.GetBytes(body, ascii);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii[..written], hash);
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash);
        for (var i = CheckLength - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
    }
}
