using Latchkey.Core.Reports;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS GenerateCredentialReport: no parameters; builds the report at once (reused for 4 hours), so the State is COMPLETED.</summary>
internal static class GenerateCredentialReport
{
    public sealed record Response(string State);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken) =>
        ApiResponse.From(await context.Get<CredentialReports>().GenerateAsync(context.Audit, cancellationToken), state => new Response(state));
}
