using Latchkey.Core.Accounts;
using Latchkey.Core.Results;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM SetAccountAlias: AccountAlias required (3-32 of a-z, 0-9, '-'; globally unique).</summary>
internal static class SetAccountAlias
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Optional("AccountAlias") is not { } alias)
        {
            return Errors.Missing("AccountAlias");
        }

        var updated = await context.Get<AccountService>().SetAliasAsync(context.Audit, alias, cancellationToken);
        return updated.IsSuccess ? ApiResponse.Empty : updated.Error;
    }
}
