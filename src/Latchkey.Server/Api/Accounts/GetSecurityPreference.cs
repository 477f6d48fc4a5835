using Latchkey.Core.Accounts;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM GetSecurityPreference: whether RAM users may manage their own AccessKeys.</summary>
internal static class GetSecurityPreference
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var account = await context.Get<AccountService>().FindAsync(context.Caller.AccountId, cancellationToken);
        return account is null ? Errors.Account.NotFound : ApiResponse.Ok(SecurityPreferenceView.From(account));
    }
}
