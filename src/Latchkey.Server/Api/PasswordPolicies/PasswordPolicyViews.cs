using Latchkey.Core.Logons;

namespace Latchkey.Server.Api.PasswordPolicies;

/// <summary>{"PasswordPolicy":{...}} as RAM shapes it (HardExpiry, nine fields) and as IMS does (every field).</summary>
internal static class PasswordPolicyViews
{
    public sealed record RamResponse(RamPolicy PasswordPolicy);

    public sealed record ImsResponse(ImsPolicy PasswordPolicy);

    public sealed record RamPolicy(
        int MinimumPasswordLength,
        bool RequireLowercaseCharacters,
        bool RequireUppercaseCharacters,
        bool RequireNumbers,
        bool RequireSymbols,
        bool HardExpiry,
        int MaxPasswordAge,
        int PasswordReusePrevention,
        int MaxLoginAttemps);

    public sealed record ImsPolicy(
        int MinimumPasswordLength,
        bool RequireLowercaseCharacters,
        bool RequireUppercaseCharacters,
        bool RequireNumbers,
        bool RequireSymbols,
        bool HardExpire,
        int MaxPasswordAge,
        int PasswordReusePrevention,
        int MaxLoginAttemps,
        int MinimumPasswordDifferentCharacter,
        bool PasswordNotContainUserName,
        int InitialPasswordAge,
        bool InterceptRiskPasswordOnApi);

    public static object For(bool ims, PasswordPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return ims
            ? new ImsResponse(new ImsPolicy(
                policy.MinimumPasswordLength, policy.RequireLowercaseCharacters, policy.RequireUppercaseCharacters, policy.RequireNumbers, policy.RequireSymbols,
                policy.HardExpire, policy.MaxPasswordAge, policy.PasswordReusePrevention, policy.MaxLoginAttemps, policy.MinimumPasswordDifferentCharacter,
                policy.PasswordNotContainUserName, policy.InitialPasswordAge, policy.InterceptRiskPasswordOnApi))
            : new RamResponse(new RamPolicy(
                policy.MinimumPasswordLength, policy.RequireLowercaseCharacters, policy.RequireUppercaseCharacters, policy.RequireNumbers, policy.RequireSymbols,
                policy.HardExpire, policy.MaxPasswordAge, policy.PasswordReusePrevention, policy.MaxLoginAttemps));
    }
}
