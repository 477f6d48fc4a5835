namespace Latchkey.Core.Logons;

/// <summary>The fields a SetPasswordPolicy call sent; null = not sent, the stored value stays.</summary>
public sealed record PasswordPolicyUpdate(
    int? MinimumPasswordLength = null,
    bool? RequireLowercaseCharacters = null,
    bool? RequireUppercaseCharacters = null,
    bool? RequireNumbers = null,
    bool? RequireSymbols = null,
    bool? HardExpire = null,
    int? MaxPasswordAge = null,
    int? PasswordReusePrevention = null,
    int? MaxLoginAttemps = null,
    int? MinimumPasswordDifferentCharacter = null,
    bool? PasswordNotContainUserName = null,
    int? InitialPasswordAge = null,
    bool? InterceptRiskPasswordOnApi = null);
