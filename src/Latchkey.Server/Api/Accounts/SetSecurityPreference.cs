using Latchkey.Core.Accounts;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM SetSecurityPreference: AllowUserToManageAccessKeys (true | false) lets RAM users manage their own keys.</summary>
internal static class SetSecurityPreference
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var allow = context.OptionalBoolean("AllowUserToManageAccessKeys");
        if (!allow.IsSuccess)
        {
            return allow.Error;
        }

        var accounts = context.Get<AccountService>();
        if (allow.Value is not { } value)
        {
            var account = await accounts.FindAsync(context.Caller.AccountId, cancellationToken);
            return account is null ? Errors.Account.NotFound : ApiResponse.Ok(SecurityPreferenceView.From(account));
        }

        var updated = await accounts.SetAllowUsersToManageOwnAccessKeysAsync(context.Audit, value, cancellationToken);
        return ApiResponse.From(updated, SecurityPreferenceView.From);
    }
}
