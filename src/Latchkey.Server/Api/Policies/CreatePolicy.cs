using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM CreatePolicy: PolicyName, PolicyDocument (required), Description. The document is validated and compiled here.</summary>
internal static class CreatePolicy
{
    public sealed record Response(Created Policy);

    public sealed record Created(string PolicyName, string PolicyType, string Description, string DefaultVersion, DateTimeOffset CreateDate);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var created = await context.Get<PolicyService>().CreateAsync(
            context.Audit, context.Optional("PolicyName"), context.Optional("Description"), context.Optional("PolicyDocument"), cancellationToken);
        return ApiResponse.From(created, p => new Response(new Created(p.PolicyName, PolicyTypes.Custom, p.Description, p.DefaultVersion, p.CreateDate)));
    }
}
