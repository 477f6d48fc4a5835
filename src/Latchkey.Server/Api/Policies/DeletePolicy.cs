using Latchkey.Core.Policies;

namespace Latchkey.Server.Api.Policies;

/// <summary>RAM DeletePolicy: PolicyName (required), CascadingDelete (true also deletes the non-default versions).</summary>
internal static class DeletePolicy
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var cascade = context.OptionalBoolean("CascadingDelete");
        if (!cascade.IsSuccess)
        {
            return cascade.Error;
        }

        return ApiResponse.From(await context.Get<PolicyService>().DeleteAsync(context.Audit, context.Optional("PolicyName"), cascade.Value ?? false, cancellationToken));
    }
}
