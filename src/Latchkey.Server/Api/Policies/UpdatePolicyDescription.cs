using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM UpdatePolicyDescription: PolicyName (required), NewDescription (absent or empty clears it).</summary>
internal static class UpdatePolicyDescription
{
    public sealed record Response(Updated Policy);

    public sealed record Updated(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset CreateDate, DateTimeOffset UpdateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var updated = await context.Get<PolicyService>().UpdateDescriptionAsync(context.Audit, context.Optional("PolicyName"), context.Optional("NewDescription"), cancellationToken);
        return ApiResponse.From(updated, p => new Response(new Updated(p.PolicyName, p.PolicyType, p.Description, p.DefaultVersion, p.CreateDate, p.UpdateDate)));
    }
}
