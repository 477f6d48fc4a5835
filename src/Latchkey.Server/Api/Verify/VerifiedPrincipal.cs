using Latchkey.Core.Principals;

namespace Latchkey.Server.Api.Verify;

/// <summary>Who signed the verified request; <see cref="UserId"/> and <see cref="UserName"/> are absent for the account itself.</summary>
internal sealed record VerifiedPrincipal(
    string AccountId,
    string? UserId,
    string? UserName,
    string Arn,
    string? AccessKeyId,
    string IdentityType,
    string PrincipalId)
{
    public static VerifiedPrincipal From(Principal principal) =>
        new(principal.AccountId, principal.UserId, principal.UserName, principal.Arn, principal.AccessKeyId, principal.IdentityType, principal.PrincipalId);
}
