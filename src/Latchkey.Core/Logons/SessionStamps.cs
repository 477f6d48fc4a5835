using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Core.Logons;

/// <summary>
/// A session stamp is derived from the stored password hash, whose salt is new on every password
/// change: setting a password (even to the same one) gives a new stamp, and every session holding
/// the old one ends. It is a one-way digest of the hash, so a cookie never carries the hash.
/// </summary>
internal static class SessionStamps
{
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("latchkey/console-session-stamp\n");

    public static string Of(string passwordHash)
    {
        var hash = Encoding.UTF8.GetBytes(passwordHash);
        var input = new byte[Label.Length + hash.Length];
        Label.CopyTo(input, 0);
        hash.CopyTo(input, Label.Length);
        return Convert.ToBase64String(SHA256.HashData(input).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool Matches(string? stamp, string passwordHash) =>
        stamp is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(Of(passwordHash)));
}
