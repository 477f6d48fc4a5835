namespace Latchkey.Core.Logons;

/// <summary>
/// The account's password policy for RAM users' console passwords: every field of IMS
/// SetPasswordPolicy, with IMS's defaults (RAM's HardExpiry is <see cref="HardExpire"/>). A value of
/// 0 turns a numeric rule off.
/// </summary>
public sealed record PasswordPolicy
{
    public static readonly PasswordPolicy Default = new();

    public int MinimumPasswordLength { get; init; } = 8;

    public bool RequireLowercaseCharacters { get; init; }

    public bool RequireUppercaseCharacters { get; init; }

    public bool RequireNumbers { get; init; }

    public bool RequireSymbols { get; init; }

    /// <summary>After <see cref="MaxPasswordAge"/>: true refuses the logon until an administrator resets the password; false makes the user change it at logon.</summary>
    public bool HardExpire { get; init; }

    /// <summary>Days a password is valid; 0 = forever.</summary>
    public int MaxPasswordAge { get; init; }

    /// <summary>How many previous passwords may not be used again; 0 = any.</summary>
    public int PasswordReusePrevention { get; init; }

    /// <summary>Wrong passwords in a row before a one-hour lock; 0 = Latchkey's built-in lockout (5 in 15 minutes).</summary>
    public int MaxLoginAttemps { get; init; }

    public int MinimumPasswordDifferentCharacter { get; init; }

    public bool PasswordNotContainUserName { get; init; }

    /// <summary>Days a password set by an administrator stays valid unless the user changes it; 0 = forever.</summary>
    public int InitialPasswordAge { get; init; }

    /// <summary>Stored and returned; Latchkey has no list of leaked passwords to check API-set passwords against.</summary>
    public bool InterceptRiskPasswordOnApi { get; init; }
}
