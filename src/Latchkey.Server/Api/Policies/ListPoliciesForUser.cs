using Latchkey.Core.Authorization;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM ListPoliciesForUser: UserName required.</summary>
internal static class ListPoliciesForUser
{
    public sealed record Response(PolicyList Policies);

    public sealed record PolicyList(IReadOnlyList<PolicyItem> Policy);

    public sealed record PolicyItem(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset AttachDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (await context.AuthorizeAsync(ActionKind.Read, cancellationToken) is { } denied)
        {
            return denied;
        }

        var policies = await context.Get<RamUserService>().ListPoliciesAsync(context.Caller.AccountId, context.Optional("UserName"), cancellationToken);
        return ApiResponse.From(policies, list => new Response(new PolicyList(
            [.. list.Select(p => new PolicyItem(p.PolicyName, p.PolicyType, PolicyDescriptions.Of(p.PolicyName), "v1", p.AttachDate))])));
    }
}
