
namespace Latchkey.Server.Api.Sts;

/// <summary>
/// STS GetCallerIdentity: who the signing key belongs to. Needs no permission. A role session
/// answers AssumedRoleUser with its assumed-role ARN, PrincipalId <c>&lt;RoleId&gt;:&lt;session&gt;</c>
/// and RoleId, and no UserId (spec ram-roles-sts-mfa.md §4.3).
/// </summary>
internal static class GetCallerIdentity
{
    public sealed record Response(string IdentityType, string AccountId, string? UserId, string PrincipalId, string Arn, string? RoleId) : IJsonMembers
    {
        public void WriteMembers(System.Text.Json.Utf8JsonWriter json)
        {
            ArgumentNullException.ThrowIfNull(json);
            json.WriteString(Names.IdentityType, IdentityType);
            json.WriteString(Names.AccountId, AccountId);
            if (UserId is not null)
            {
                json.WriteString(Names.UserId, UserId);
            }

            json.WriteString(Names.PrincipalId, PrincipalId);
            json.WriteString(Names.Arn, Arn);
            if (RoleId is not null)
            {
                json.WriteString(Names.RoleId, RoleId);
            }
        }
    }

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        return ApiResponse.Ok(caller.Session is { } session
            ? new Response(caller.IdentityType, caller.AccountId, null, caller.PrincipalId, caller.Arn, session.RoleId)
            : new Response(caller.IdentityType, caller.AccountId, caller.PrincipalId, caller.PrincipalId, caller.Arn, null));
    }

    /// <summary>The member names, encoded once.</summary>
    private static class Names
    {
        public static readonly System.Text.Json.JsonEncodedText IdentityType = System.Text.Json.JsonEncodedText.Encode(nameof(Response.IdentityType));
        public static readonly System.Text.Json.JsonEncodedText AccountId = System.Text.Json.JsonEncodedText.Encode(nameof(Response.AccountId));
        public static readonly System.Text.Json.JsonEncodedText UserId = System.Text.Json.JsonEncodedText.Encode(nameof(Response.UserId));
        public static readonly System.Text.Json.JsonEncodedText PrincipalId = System.Text.Json.JsonEncodedText.Encode(nameof(Response.PrincipalId));
        public static readonly System.Text.Json.JsonEncodedText Arn = System.Text.Json.JsonEncodedText.Encode(nameof(Response.Arn));
        public static readonly System.Text.Json.JsonEncodedText RoleId = System.Text.Json.JsonEncodedText.Encode(nameof(Response.RoleId));
    }
}
