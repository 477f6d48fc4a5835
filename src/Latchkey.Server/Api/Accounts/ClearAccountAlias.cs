using Latchkey.Core.Accounts;

namespace Latchkey.Server.Api.Accounts;

/// <summary>RAM ClearAccountAlias: no parameters.</summary>
internal static class ClearAccountAlias
{
    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var cleared = await context.Get<AccountService>().ClearAliasAsync(context.Audit, cancellationToken);
        return cleared.IsSuccess ? ApiResponse.Empty : cleared.Error;
    }
}
