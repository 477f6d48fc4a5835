using Latchkey.Core.Logons;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.PasswordPolicies;

/// <summary>
/// RAM SetPasswordPolicy (HardExpiry and eight more) and IMS SetPasswordPolicy (HardExpire and every
/// IMS field), all optional: a field not sent keeps its value. Answers the whole policy.
/// </summary>
internal static class SetPasswordPolicy
{
    public static Task<ApiResponse> HandleRamAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: false, cancellationToken);

    public static Task<ApiResponse> HandleImsAsync(ActionContext context, CancellationToken cancellationToken) => HandleAsync(context, ims: true, cancellationToken);

    private static async Task<ApiResponse> HandleAsync(ActionContext context, bool ims, CancellationToken cancellationToken)
    {
        var update = Read(context, ims);
        if (!update.IsSuccess)
        {
            return update.Error;
        }

        var policy = await context.Get<PasswordPolicyService>().SetAsync(context.Audit, update.Value, cancellationToken);
        return ApiResponse.From(policy, value => PasswordPolicyViews.For(ims, value));
    }

    private static Result<PasswordPolicyUpdate> Read(ActionContext context, bool ims)
    {
        ApiError? error = null;
        int? Int(string name)
        {
            var value = context.OptionalInt32(name);
            error ??= value.Error;
            return value.IsSuccess ? value.Value : null;
        }

        bool? Bool(string name)
        {
            var value = context.OptionalBoolean(name);
            error ??= value.Error;
            return value.IsSuccess ? value.Value : null;
        }

        var update = new PasswordPolicyUpdate(
            Int("MinimumPasswordLength"),
            Bool("RequireLowercaseCharacters"),
            Bool("RequireUppercaseCharacters"),
            Bool("RequireNumbers"),
            Bool("RequireSymbols"),
            Bool(ims ? "HardExpire" : "HardExpiry"),
            Int("MaxPasswordAge"),
            Int("PasswordReusePrevention"),
            Int("MaxLoginAttemps"),
            ims ? Int("MinimumPasswordDifferentCharacter") : null,
            ims ? Bool("PasswordNotContainUserName") : null,
            ims ? Int("InitialPasswordAge") : null,
            ims ? Bool("InterceptRiskPasswordOnApi") : null);
        return error is null ? update : error;
    }
}
