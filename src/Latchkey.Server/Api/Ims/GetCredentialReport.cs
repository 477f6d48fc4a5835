using System.Text;
using Latchkey.Core.Reports;

namespace Latchkey.Server.Api.Ims;

/// <summary>
/// IMS GetCredentialReport: MaxItems (1-3501, default 3501), NextToken. Content is the CSV in
/// Base64; IsTruncated is the string "true" or "false", as the SDK model declares it.
/// </summary>
internal static class GetCredentialReport
{
    public sealed record Response(string Content, DateTimeOffset GeneratedTime, string IsTruncated, string? NextToken);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var page = await context.Get<CredentialReports>().GetAsync(context.Caller.AccountId, context.Optional("MaxItems"), context.Optional("NextToken"), cancellationToken);
        return ApiResponse.From(page, found => new Response(
            Convert.ToBase64String(Encoding.UTF8.GetBytes(found.Csv)), found.GeneratedTime, found.IsTruncated ? "true" : "false", found.NextToken));
    }
}
