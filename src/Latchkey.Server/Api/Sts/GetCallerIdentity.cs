
namespace Latchkey.Server.Api.Sts;

/// <summary>
/// STS GetCallerIdentity: who the signing key belongs to. Needs no permission. A role session
/// answers AssumedRoleUser with its assumed-role ARN, PrincipalId <c>&lt;RoleId&gt;:&lt;session&gt;</c>
/// and RoleId, and no UserId (spec ram-roles-sts-mfa.md §4.3).
/// </summary>
internal static class GetCallerIdentity
{
    public sealed record Response(string IdentityType, string AccountId, string? UserId, string PrincipalId, string Arn, string? RoleId);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        return ApiResponse.Ok(caller.Session is { } session
            ? new Response(caller.IdentityType, caller.AccountId, null, caller.PrincipalId, caller.Arn, session.RoleId)
            : new Response(caller.IdentityType, caller.AccountId, caller.PrincipalId, caller.PrincipalId, caller.Arn, null));
    }
}
