using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM CreatePolicyVersion: PolicyName, PolicyDocument (required), SetAsDefault, RotateStrategy.</summary>
internal static class CreatePolicyVersion
{
    public sealed record Response(PolicyViews.Version PolicyVersion);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var setAsDefault = context.OptionalBoolean("SetAsDefault");
        if (!setAsDefault.IsSuccess)
        {
            return setAsDefault.Error;
        }

        var created = await context.Get<PolicyService>().CreateVersionAsync(
            context.Audit, context.Optional("PolicyName"), context.Optional("PolicyDocument"), setAsDefault.Value ?? false, context.Optional("RotateStrategy"), cancellationToken);
        return ApiResponse.From(created, v => new Response(PolicyViews.From(v)));
    }
}
