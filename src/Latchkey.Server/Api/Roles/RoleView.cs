using Latchkey.Core.Roles;

namespace Latchkey.Server.Api.Roles;

/// <summary>
/// The Role object (SDK ram20150501): CreateRole has no UpdateDate; ListRoles items carry no
/// AssumeRolePolicyDocument (null members are left out of the response).
/// </summary>
internal sealed record RoleView(
    string RoleId,
    string RoleName,
    string Arn,
    string Description,
    string? AssumeRolePolicyDocument,
    int MaxSessionDuration,
    DateTimeOffset CreateDate,
    DateTimeOffset? UpdateDate)
{
    public static RoleView Created(RamRole role) => Full(role) with { UpdateDate = null };

    public static RoleView Full(RamRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new(role.RoleId, role.RoleName, role.Arn, role.Description, role.AssumeRolePolicyDocument, role.MaxSessionDuration, role.CreateDate, role.UpdateDate);
    }

    public static RoleView Listed(RamRole role) => Full(role) with { AssumeRolePolicyDocument = null };
}
