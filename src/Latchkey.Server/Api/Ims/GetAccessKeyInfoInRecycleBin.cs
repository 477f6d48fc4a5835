using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Results;
using Latchkey.Core.Users;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS GetAccessKeyInfoInRecycleBin: UserAccessKeyId required. UserId and UserPrincipalName are absent for the account's own keys.</summary>
internal static class GetAccessKeyInfoInRecycleBin
{
    public sealed record Response(KeyInfo AccessKey);

    public sealed record KeyInfo(
        string AccessKeyId,
        DateTimeOffset CreateDate,
        DateTimeOffset? RecycleDate,
        DateTimeOffset? DeleteDate,
        string? UserId,
        string? UserPrincipalName,
        bool UserRecycled);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var found = await context.Get<AccessKeyRecycleBin>().GetAsync(context.Caller, context.Optional("UserAccessKeyId"), cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var key = found.Value;
        string? principalName = null;
        if (key.UserId is { } userId)
        {
            var account = await context.Get<AccountService>().FindAsync(key.AccountId, cancellationToken);
            var users = context.Get<RamUserService>();
            var user = await users.GetByIdAsync(key.AccountId, userId, cancellationToken);
            if (account is null || !user.IsSuccess)
            {
                return Errors.AccessKey.UserKeyNotFound;
            }

            principalName = users.PrincipalNameOf(account, user.Value);
        }

        // Users are deleted for good here (no user recycle bin), so a key's user is never in one.
        return ApiResponse.Ok(new Response(new KeyInfo(key.AccessKeyId, key.CreateDate, key.RecycleDate, key.PurgeDate, key.UserId, principalName, UserRecycled: false)));
    }
}
