namespace Latchkey.Core.Principals;

/// <summary>
/// Who a verified request or console session acts as: the account itself (<see cref="UserId"/>
/// null), one RAM user of it, or a session of one of its roles (<see cref="Session"/> set, made
/// with STS AssumeRole). <see cref="AccessKeyId"/> is set when a key proved it.
/// </summary>
public sealed record Principal(
    string AccountId,
    string? UserId,
    string? UserName,
    string? AccessKeyId)
{
    /// <summary>A role session (temporary credentials), never the account nor a RAM user.</summary>
    public RoleSession? Session { get; init; }

    public bool IsAccount => UserId is null && Session is null;

    public bool IsRoleSession => Session is not null;

    /// <summary>STS's IdentityType: Account, RAMUser or AssumedRoleUser.</summary>
    public string IdentityType => Session is not null ? "AssumedRoleUser" : IsAccount ? "Account" : "RAMUser";

    /// <summary>For a session <c>acs:ram::&lt;AccountId&gt;:assumed-role/&lt;role, lower-cased&gt;/&lt;RoleSessionName&gt;</c> (GetCallerIdentity's form).</summary>
    public string Arn => Session is { } session
        ? $"acs:ram::{AccountId}:assumed-role/{session.RoleName.ToLowerInvariant()}/{session.RoleSessionName}"
        : IsAccount ? $"acs:ram::{AccountId}:root" : $"acs:ram::{AccountId}:user/{UserName}";

    /// <summary>The id used in audit events and as PrincipalId: the account id, the UserId, or <c>&lt;RoleId&gt;:&lt;RoleSessionName&gt;</c>.</summary>
    public string PrincipalId => Session is { } session ? $"{session.RoleId}:{session.RoleSessionName}" : UserId ?? AccountId;
}
