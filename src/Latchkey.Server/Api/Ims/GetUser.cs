using Latchkey.Core.Accounts;
using Latchkey.Core.Results;
using Latchkey.Core.Users;
using Latchkey.Core;

namespace Latchkey.Server.Api.Ims;

/// <summary>IMS GetUser: exactly one of UserPrincipalName, UserId, UserAccessKeyId.</summary>
internal static class GetUser
{
    public sealed record Response(UserView User);

    public sealed record UserView(
        string UserId,
        string UserName,
        string UserPrincipalName,
        string DisplayName,
        string Email,
        string MobilePhone,
        string Comments,
        DateTimeOffset CreateDate,
        DateTimeOffset UpdateDate,
        DateTimeOffset? LastLoginDate,
        string ProvisionType,
        TagList Tags);

    public sealed record TagList(IReadOnlyList<Tag> Tag);

    public sealed record Tag(string TagKey, string TagValue);

    public static async Task<ApiResponse> HandleAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var principalName = context.Optional("UserPrincipalName");
        var userId = context.Optional("UserId");
        var accessKeyId = context.Optional("UserAccessKeyId");
        var selectors = (principalName is null ? 0 : 1) + (userId is null ? 0 : 1) + (accessKeyId is null ? 0 : 1);
        if (selectors != 1)
        {
            return Errors.Request.InvalidParameter.WithMessage("Specify exactly one of UserPrincipalName, UserId and UserAccessKeyId.");
        }

        var user = await FindAsync(context, principalName, userId, accessKeyId, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var account = await context.Get<AccountService>().FindAsync(context.Caller.AccountId, cancellationToken);
        if (account is null)
        {
            return Errors.Account.NotFound;
        }

        var found = user.Value;
        var upn = context.Get<RamUserService>().PrincipalNameOf(account, found);
        return ApiResponse.Ok(new Response(new UserView(
            found.UserId, found.UserName, upn, found.DisplayName, found.Email, found.MobilePhone, found.Comments,
            found.CreateDate, found.UpdateDate, found.LastLoginDate, "Manual", new TagList([]))));
    }

    private static async Task<Result<RamUser>> FindAsync(ActionContext context, string? principalName, string? userId, string? accessKeyId, CancellationToken cancellationToken)
    {
        var users = context.Get<RamUserService>();
        if (principalName is not null)
        {
            var found = await users.FindByPrincipalNameAsync(principalName, cancellationToken);
            return found.IsSuccess && found.Value.User.AccountId == context.Caller.AccountId ? found.Value.User : Errors.User.NotFound;
        }

        if (userId is not null)
        {
            return await users.GetByIdAsync(context.Caller.AccountId, userId, cancellationToken);
        }

        // A key of another account, or the account's own key, names no RAM user of this account.
        var key = await context.Get<Latchkey.Core.AccessKeys.IAccessKeyStore>().FindAccessKeyAsync(accessKeyId!, cancellationToken);
        if (key is null || key.Key.AccountId != context.Caller.AccountId || key.Key.UserId is null)
        {
            return Errors.AccessKey.UserKeyNotFound;
        }

        return await users.GetByIdAsync(context.Caller.AccountId, key.Key.UserId, cancellationToken);
    }
}
