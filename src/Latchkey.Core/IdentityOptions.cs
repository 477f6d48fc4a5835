using System.ComponentModel.DataAnnotations;

namespace Latchkey.Core;

/// <summary>Limits and names of accounts, RAM users and AccessKeys.</summary>
public sealed class IdentityOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>How many keys the account itself may hold (RAM users always hold at most 2).</summary>
    [Range(1, 10, ErrorMessage = "Identity:AccountAccessKeyLimit must be between 1 and 10 (default 2); fix it in appsettings.json or LATCHKEY_Identity__AccountAccessKeyLimit.")]
    public int AccountAccessKeyLimit { get; set; } = 2;

    [Range(1, 1_000_000, ErrorMessage = "Identity:MaxUsersPerAccount must be between 1 and 1000000 (default 5000); fix it in appsettings.json or LATCHKEY_Identity__MaxUsersPerAccount.")]
    public int MaxUsersPerAccount { get; set; } = 5000;

    /// <summary>The service suffix of principal names: <c>UserName@&lt;alias or AccountId&gt;.&lt;suffix&gt;</c>.</summary>
    [Required(ErrorMessage = "Identity:PrincipalNameSuffix must be set (default onaliyun.com); fix it in appsettings.json or LATCHKEY_Identity__PrincipalNameSuffix.")]
    [RegularExpression("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", ErrorMessage = "Identity:PrincipalNameSuffix must be a lowercase domain name such as onaliyun.com; fix it in appsettings.json or LATCHKEY_Identity__PrincipalNameSuffix.")]
    public string PrincipalNameSuffix { get; set; } = "onaliyun.com";

    /// <summary>Leading letters of new AccessKeyIds (see docs/access-keys.md); existing keys keep theirs.</summary>
    [Required(ErrorMessage = "Identity:AccessKeyIdPrefix must be set (default LK); fix it in appsettings.json or LATCHKEY_Identity__AccessKeyIdPrefix.")]
    [RegularExpression("^[A-Za-z]{1,8}$", ErrorMessage = "Identity:AccessKeyIdPrefix must be 1 to 8 letters (default LK); fix it in appsettings.json or LATCHKEY_Identity__AccessKeyIdPrefix.")]
    public string AccessKeyIdPrefix { get; set; } = "LK";

    public bool AllowSignUp { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Alibaba's own ids start with LTAI (and STS. for temporary ones); a Latchkey id that looked
        // like one would send a leaked-secret report to the wrong place.
        if (AccessKeyIdPrefix is not null && AccessKeyIdPrefix.StartsWith("LTAI", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Identity:AccessKeyIdPrefix must not start with LTAI (Alibaba Cloud's prefix).", [nameof(AccessKeyIdPrefix)]);
        }
    }
}
