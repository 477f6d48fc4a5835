using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPolicyVersions: PolicyName, PolicyType (required). No paging.</summary>
internal static class ListPolicyVersions
{
    public sealed record Response(VersionList PolicyVersions);

    public sealed record VersionList(IReadOnlyList<PolicyViews.Version> PolicyVersion);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var versions = await context.Get<PolicyService>().ListVersionsAsync(context.Caller.AccountId, context.Optional("PolicyName"), context.Optional("PolicyType"), cancellationToken);
        return ApiResponse.From(versions, list => new Response(new VersionList([.. list.Select(PolicyViews.From)])));
    }
}
