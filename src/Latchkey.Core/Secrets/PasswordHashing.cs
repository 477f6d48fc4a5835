using Microsoft.AspNetCore.Identity;

namespace Latchkey.Core.Secrets;

/// <summary>Console passwords are hashed (ASP.NET Core Identity's PBKDF2 format), never encrypted.</summary>
internal static class PasswordHashing
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();

    // Spent when there is no hash to check, so that "no such name" costs as long as "wrong password".
    private static readonly string DecoyHash = Hasher.HashPassword(NoUser, "decoy-password-never-used");

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static bool Verify(string? hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(NoUser, hash ?? DecoyHash, password);
        return hash is not null && result is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
    }

    /// <summary>8-32 characters with at least three of: lower case, upper case, digit, symbol.</summary>
    public static bool MeetsPolicy(string? password)
    {
        if (password is null || password.Length is < 8 or > 32)
        {
            return false;
        }

        var classes = (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
            + (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
            + (password.Any(char.IsAsciiDigit) ? 1 : 0)
            + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);
        return classes >= 3;
    }
}
