using System.Runtime.CompilerServices;
using Latchkey.Core.Principals;

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

    // A key's principal lives in the node's key cache, and every call it signs gets the same
    // answer: kept beside the principal (weakly, so it goes when the cache drops the principal),
    // a cached call allocates no body, no ApiResponse and no Task (169 B of ~1.1 KB per call).
    // A session's principal is not: sessions come and go, and each would add a weak entry.
    private static readonly ConditionalWeakTable<Principal, Task<ApiResponse>> AnswersOfKeys = new();

    public static Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        if (caller.Session is { } session)
        {
            return Task.FromResult(ApiResponse.Ok(new Response(caller.IdentityType, caller.AccountId, null, caller.PrincipalId, caller.Arn, session.RoleId)));
        }

        return AnswersOfKeys.TryGetValue(caller, out var answer)
            ? answer
            : AnswersOfKeys.GetValue(caller, static key => Task.FromResult(ApiResponse.Ok(
                new Response(key.IdentityType, key.AccountId, key.PrincipalId, key.PrincipalId, key.Arn, null))));
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
