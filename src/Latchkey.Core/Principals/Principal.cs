namespace Latchkey.Core.Principals;

/// <summary>
/// Who a verified request or console session acts as: the account itself (<see cref="UserId"/>
/// null) or one RAM user of it. <see cref="AccessKeyId"/> is set when a key proved it.
/// </summary>
public sealed record Principal(
    string AccountId,
    string? UserId,
    string? UserName,
    string? AccessKeyId)
{
    public bool IsAccount => UserId is null;

    /// <summary>STS's IdentityType: Account or RAMUser.</summary>
    public string IdentityType => IsAccount ? "Account" : "RAMUser";

    public string Arn => IsAccount ? $"acs:ram::{AccountId}:root" : $"acs:ram::{AccountId}:user/{UserName}";

    /// <summary>The id used in audit events and as PrincipalId: the account id or the UserId.</summary>
    public string PrincipalId => UserId ?? AccountId;
}
