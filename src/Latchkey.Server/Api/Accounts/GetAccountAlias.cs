using Latchkey.Core.Accounts;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM GetAccountAlias: no parameters; the empty string when no alias is set.</summary>
internal static class GetAccountAlias
{
    public sealed record Response(string AccountAlias);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var account = await context.Get<AccountService>().FindAsync(context.Caller.AccountId, cancellationToken);
        return account is null ? Errors.Account.NotFound : ApiResponse.Ok(new Response(account.Alias ?? string.Empty));
    }
}
