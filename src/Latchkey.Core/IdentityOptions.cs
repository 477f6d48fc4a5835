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

    /// <summary>
    /// Whether anyone who reaches the console may create an account. Off by default: then only the
    /// first account of a fresh install is created there; later ones come from the operator
    /// (<c>latchkey bootstrap</c>).
    /// </summary>
    public bool AllowSignUp { get; set; }

    /// <summary>Custom policies per account (Alibaba: 1,500).</summary>
    [Range(1, 100_000)]
    public int MaxPoliciesPerAccount { get; set; } = 1500;

    /// <summary>Versions per custom policy (Alibaba: 5).</summary>
    [Range(2, 100)]
    public int MaxVersionsPerPolicy { get; set; } = 5;

    /// <summary>Custom / system policies attached to one user (Alibaba: 10 / 20).</summary>
    [Range(1, 1000)]
    public int MaxCustomPoliciesPerUser { get; set; } = 10;

    [Range(1, 1000)]
    public int MaxSystemPoliciesPerUser { get; set; } = 20;

    /// <summary>Custom / system policies attached to one group (Alibaba: 5 / 20).</summary>
    [Range(1, 1000)]
    public int MaxCustomPoliciesPerGroup { get; set; } = 5;

    [Range(1, 1000)]
    public int MaxSystemPoliciesPerGroup { get; set; } = 20;

    /// <summary>Groups per account and groups one user may join (Alibaba: 50 and 5).</summary>
    [Range(1, 100_000)]
    public int MaxGroupsPerAccount { get; set; } = 50;

    [Range(1, 1000)]
    public int MaxGroupsPerUser { get; set; } = 5;

    /// <summary>Roles per account (Alibaba's RolesQuota example: 1000).</summary>
    [Range(1, 100_000)]
    public int MaxRolesPerAccount { get; set; } = 1000;

    /// <summary>Custom / system policies attached to one role (Alibaba: 5 / 20).</summary>
    [Range(1, 1000)]
    public int MaxCustomPoliciesPerRole { get; set; } = 5;

    [Range(1, 1000)]
    public int MaxSystemPoliciesPerRole { get; set; } = 20;

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
