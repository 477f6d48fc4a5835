using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPolicies: PolicyType (absent = both), Marker, MaxItems (1..1000, default 100). IsTruncated always present.</summary>
internal static class ListPolicies
{
    public sealed record Response(bool IsTruncated, string? Marker, PolicyList Policies);

    public sealed record PolicyList(IReadOnlyList<PolicyViews.Policy> Policy);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var maxItems = context.OptionalInt32("MaxItems");
        if (!maxItems.IsSuccess)
        {
            return maxItems.Error;
        }

        var page = await context.Get<PolicyService>().ListAsync(context.Caller.AccountId, context.Optional("PolicyType"), context.Optional("Marker"), maxItems.Value, cancellationToken);
        return ApiResponse.From(page, p => new Response(p.IsTruncated, p.Marker, new PolicyList([.. p.Items.Select(PolicyViews.From)])));
    }
}
