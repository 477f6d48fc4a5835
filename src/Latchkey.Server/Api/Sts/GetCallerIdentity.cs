
namespace Latchkey.Server.Api.Sts;

/// <summary>STS GetCallerIdentity: who the signing key belongs to. Needs no permission.</summary>
internal static class GetCallerIdentity
{
    public sealed record Response(string IdentityType, string AccountId, string UserId, string PrincipalId, string Arn);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        return ApiResponse.Ok(new Response(caller.IdentityType, caller.AccountId, caller.PrincipalId, caller.PrincipalId, caller.Arn));
    }
}
