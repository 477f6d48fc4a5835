namespace Latchkey.AspNetCore;

/// <summary>The claim types of a principal authenticated by Latchkey; the identity's name is the <see cref="Arn"/>.</summary>
public static class LatchkeyClaimTypes
{
    /// <summary>The 16-digit AccountId of the account that owns the signing key.</summary>
    public const string AccountId = "AccountId";

    /// <summary>The UserId of the RAM user that signed; absent when the account itself signed.</summary>
    public const string UserId = "UserId";

    /// <summary>The UserName of the RAM user that signed; absent when the account itself signed.</summary>
    public const string UserName = "UserName";

    /// <summary>The principal's ARN, e.g. <c>acs:ram::1234567890123456:user/alice</c>.</summary>
    public const string Arn = "Arn";

    /// <summary>The AccessKeyId the request was signed with.</summary>
    public const string AccessKeyId = "AccessKeyId";

    /// <summary><c>Account</c> or <c>RAMUser</c>.</summary>
    public const string IdentityType = "IdentityType";

    /// <summary>The UserId of a RAM user, or the AccountId of the account.</summary>
    public const string PrincipalId = "PrincipalId";

    /// <summary>The operation the verified request named (V1 <c>Action</c>, V3 <c>x-acs-action</c>).</summary>
    public const string Action = "Action";

    /// <summary>The API version the verified request named.</summary>
    public const string Version = "Version";
}
