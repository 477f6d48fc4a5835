using Latchkey.Core.Authorization;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DecodeDiagnosticMessage: EncodedDiagnosticMessage (from a NoPermission AccessDeniedDetail) decoded for its own account only.</summary>
internal static class DecodeDiagnosticMessage
{
    public sealed record Response(DiagnosticMessage DecodedDiagnosticMessage);

    public static Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var decoded = context.Get<DiagnosticMessages>().Decode(context.Caller.AccountId, context.Optional("EncodedDiagnosticMessage"));
        return Task.FromResult(ApiResponse.From(decoded, m => new Response(m)));
    }
}
