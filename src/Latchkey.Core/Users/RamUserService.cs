using Latchkey.Core.AccessKeys;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Paging;
using Latchkey.Core.Policies;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Latchkey.Core.Users;

/// <summary>RAM users of an account, their login profiles and system policy attachments.</summary>
public sealed class RamUserService
{
    private readonly IRamUserStore _store;
    private readonly IAccountStore _accounts;
    private readonly IAccessKeyStore _keys;
    private readonly IPolicyStore _policies;
    private readonly IMfaDeviceStore _mfa;
    private readonly TimeProvider _time;
    private readonly IAccessKeyChangeFeed _changes;
    private readonly IdentityOptions _options;
    private readonly PasswordPolicyService _passwordPolicy;
    private readonly PermissionChanges _permissions;

    public RamUserService(IRamUserStore store, IAccountStore accounts, IAccessKeyStore keys, IPolicyStore policies, IMfaDeviceStore mfa, TimeProvider time, IAccessKeyChangeFeed changes, IOptions<IdentityOptions> options, PasswordPolicyService passwordPolicy, PermissionChanges permissions)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _accounts = accounts;
        _keys = keys;
        _policies = policies;
        _mfa = mfa;
        _time = time;
        _changes = changes;
        _options = options.Value;
        _passwordPolicy = passwordPolicy;
        _permissions = permissions;
    }

    public async Task<Result<RamUser>> CreateAsync(AuditContext ctx, CreateUserInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(input);
        if (UserValidation.UserName(input.UserName, isNew: false) is { } nameError)
        {
            return nameError;
        }

        var userName = input.UserName!;
        var displayName = string.IsNullOrEmpty(input.DisplayName) ? userName : input.DisplayName;
        var comments = input.Comments ?? "";
        var email = input.Email ?? "";
        var mobilePhone = input.MobilePhone ?? "";
        if ((UserValidation.DisplayName(displayName) ?? UserValidation.Comments(comments) ?? UserValidation.Email(email) ?? UserValidation.MobilePhone(mobilePhone)) is { } error)
        {
            return error;
        }

        var now = _time.GetUtcNow();
        var user = new RamUser(NumericIds.New(), ctx.Actor.AccountId, userName, displayName, comments, email, mobilePhone, now, now, null);
        var audit = AuditEvents.Create(ctx, _time, "CreateUser", "User", userName);
        return await _store.AddUserAsync(user, _options.MaxUsersPerAccount, audit, ct);
    }

    public async Task<Result<RamUser>> GetAsync(string accountId, string? userName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return Errors.Missing("UserName");
        }

        return await _store.FindUserByNameAsync(accountId, userName, ct) is { } user ? user : Errors.User.NotFound;
    }

    public async Task<Result<RamUser>> GetByIdAsync(string accountId, string userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return Errors.Missing("UserId");
        }

        return await _store.FindUserByIdAsync(accountId, userId, ct) is { } user ? user : Errors.User.NotFound;
    }

    public async Task<Result<RamUser>> UpdateAsync(AuditContext ctx, string? userName, UpdateUserInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(input);
        if (input.NewUserName is { Length: > 0 } && UserValidation.UserName(input.NewUserName, isNew: true) is { } nameError)
        {
            return nameError;
        }

        var validation = (input.NewDisplayName is { Length: > 0 } displayName ? UserValidation.DisplayName(displayName) : null)
            ?? (input.NewComments is { } comments ? UserValidation.Comments(comments) : null)
            ?? (input.NewEmail is { } email ? UserValidation.Email(email) : null)
            ?? (input.NewMobilePhone is { } phone ? UserValidation.MobilePhone(phone) : null);
        if (validation is not null)
        {
            return validation;
        }

        var found = await GetAsync(ctx.Actor.AccountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var user = found.Value;
        var updated = user with
        {
            UserName = input.NewUserName is { Length: > 0 } newName ? newName : user.UserName,
            DisplayName = input.NewDisplayName is { Length: > 0 } newDisplayName ? newDisplayName : user.DisplayName,
            Comments = input.NewComments ?? user.Comments,
            Email = input.NewEmail ?? user.Email,
            MobilePhone = input.NewMobilePhone ?? user.MobilePhone,
            UpdateDate = _time.GetUtcNow(),
        };
        var renamed = !string.Equals(updated.UserName, user.UserName, StringComparison.Ordinal);
        var audit = AuditEvents.Create(ctx, _time, "UpdateUser", "User", user.UserName, renamed ? $"NewUserName={updated.UserName}" : "") with { ChangesPermissions = renamed };
        var result = await _store.UpdateUserAsync(updated, audit, ct);
        if (result.IsSuccess && renamed)
        {
            // The user's own ARN (user/<UserName>) is part of its compiled permissions.
            await _permissions.PublishAsync(user.AccountId, ct);
            // The principal cached with each key carries the UserName (it is in the ARN).
            foreach (var key in await _keys.ListAccessKeysAsync(user.AccountId, user.UserId, ct))
            {
                await _changes.PublishAsync(key.AccessKeyId, ct);
            }
        }

        return result;
    }

    public async Task<Result> DeleteAsync(AuditContext ctx, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (await _mfa.FindBoundMfaDeviceAsync(found.Value.AccountId, found.Value.UserId, ct) is not null)
        {
            return Errors.Mfa.DeleteConflictUser;
        }

        var audit = AuditEvents.Create(ctx, _time, "DeleteUser", "User", found.Value.UserName) with { ChangesPermissions = true };
        var deleted = await _store.DeleteUserAsync(found.Value.AccountId, found.Value.UserId, audit, ct);
        if (deleted.IsSuccess)
        {
            await _permissions.PublishAsync(found.Value.AccountId, ct);
        }

        return deleted;
    }

    public async Task<Result<Page<RamUser>>> ListAsync(string accountId, string? marker, int? maxItems, CancellationToken ct)
    {
        var size = maxItems ?? 100;
        if (size is < 1 or > 1000)
        {
            return Errors.Request.InvalidParameter.WithMessage("The parameter - \"MaxItems\" must be between 1 and 1000.");
        }

        return await _store.ListUsersAsync(accountId, string.IsNullOrEmpty(marker) ? null : marker, size, ct);
    }

    public string PrincipalNameOf(Account account, RamUser user)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(user);
        return $"{user.UserName}@{account.PrincipalDomain}.{_options.PrincipalNameSuffix}";
    }

    /// <summary>Accepts both <c>name@alias.suffix</c> and <c>name@AccountId.suffix</c>; the domain case-insensitively.</summary>
    public async Task<Result<(Account Account, RamUser User)>> FindByPrincipalNameAsync(string userPrincipalName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userPrincipalName))
        {
            return Errors.Missing("UserPrincipalName");
        }

        var at = userPrincipalName.LastIndexOf('@');
        var suffix = "." + _options.PrincipalNameSuffix;
        if (at <= 0 || !userPrincipalName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || userPrincipalName.Length - suffix.Length <= at + 1)
        {
            return Errors.User.NotFound;
        }

        var userName = userPrincipalName[..at];
        var domain = userPrincipalName[(at + 1)..^suffix.Length].ToLowerInvariant();
        var account = (domain.Length == 16 && domain.All(char.IsAsciiDigit) ? await _accounts.FindAccountAsync(domain, ct) : null)
            ?? await _accounts.FindAccountByAliasAsync(domain, ct);
        if (account is null)
        {
            return Errors.User.NotFound;
        }

        var user = await _store.FindUserByNameAsync(account.AccountId, userName, ct);
        return user is null ? Errors.User.NotFound : (account, user);
    }

    public async Task<Result<LoginProfile>> CreateLoginProfileAsync(AuditContext ctx, string? userName, string? password, bool passwordResetRequired, bool mfaBindRequired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(password))
        {
            return Errors.Missing("Password");
        }

        var found = await GetAsync(ctx.Actor.AccountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (await _passwordPolicy.CheckAsync(ctx.Actor.AccountId, found.Value.UserId, found.Value.UserName, password, Errors.LoginProfile.PasswordTooWeak, Errors.Password.PasswordReused, ct) is { } weak)
        {
            return weak;
        }

        var now = _time.GetUtcNow();
        var profile = new LoginProfile(found.Value.UserId, PasswordHashing.Hash(password), passwordResetRequired, mfaBindRequired, now, now);
        var audit = AuditEvents.Create(ctx, _time, "CreateLoginProfile", "LoginProfile", found.Value.UserName);
        var added = await _store.AddLoginProfileAsync(profile, audit, ct);
        if (!added.IsSuccess)
        {
            return added.Error;
        }

        await _passwordPolicy.RememberAsync(profile.UserId, profile.PasswordHash, initial: true, ct);
        return profile;
    }

    public async Task<Result<LoginProfile>> GetLoginProfileAsync(string accountId, string? userName, CancellationToken ct)
    {
        var found = await GetAsync(accountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return await _store.FindLoginProfileAsync(found.Value.UserId, ct) is { } profile ? profile : Errors.LoginProfile.NotFound;
    }

    public async Task<Result<LoginProfile>> UpdateLoginProfileAsync(AuditContext ctx, string? userName, string? password, bool? passwordResetRequired, bool? mfaBindRequired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetLoginProfileAsync(ctx.Actor.AccountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (!string.IsNullOrEmpty(password)
            && await _passwordPolicy.CheckAsync(ctx.Actor.AccountId, found.Value.UserId, userName!, password, Errors.LoginProfile.PasswordTooWeak, Errors.Password.PasswordReused, ct) is { } weak)
        {
            return weak;
        }

        var profile = found.Value with
        {
            PasswordHash = string.IsNullOrEmpty(password) ? found.Value.PasswordHash : PasswordHashing.Hash(password),
            PasswordResetRequired = passwordResetRequired ?? found.Value.PasswordResetRequired,
            MfaBindRequired = mfaBindRequired ?? found.Value.MfaBindRequired,
            UpdateDate = _time.GetUtcNow(),
        };
        var details = string.IsNullOrEmpty(password) ? "" : "PasswordChanged";
        var audit = AuditEvents.Create(ctx, _time, "UpdateLoginProfile", "LoginProfile", userName!, details);
        var updated = await _store.UpdateLoginProfileAsync(profile, audit, ct);
        if (!updated.IsSuccess)
        {
            return updated.Error;
        }

        if (!string.IsNullOrEmpty(password))
        {
            await _passwordPolicy.RememberAsync(profile.UserId, profile.PasswordHash, initial: true, ct);
        }

        return profile;
    }

    /// <summary>
    /// A RAM user sets its own console password (ChangePassword, the console's password step): the
    /// caller proved the old one already. Clears PasswordResetRequired; every other session ends
    /// with the old session stamp.
    /// </summary>
    public async Task<Result<LoginProfile>> ChangeOwnPasswordAsync(AuditContext ctx, string? newPassword, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.Actor.IsAccount)
        {
            return Errors.Password.NotSupportAccount;
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            return Errors.Missing("NewPassword");
        }

        var user = await _store.FindUserByIdAsync(ctx.Actor.AccountId, ctx.Actor.UserId!, ct);
        if (user is null)
        {
            return Errors.User.NotFound;
        }

        if (await _passwordPolicy.CheckAsync(user.AccountId, user.UserId, user.UserName, newPassword, Errors.Password.NewPasswordTooWeak, Errors.Password.NewPasswordReused, ct) is { } weak)
        {
            return weak;
        }

        if (await _store.FindLoginProfileAsync(user.UserId, ct) is not { } profile)
        {
            return Errors.LoginProfile.NotFound;
        }

        var changed = profile with { PasswordHash = PasswordHashing.Hash(newPassword), PasswordResetRequired = false, UpdateDate = _time.GetUtcNow() };
        var audit = AuditEvents.Create(ctx, _time, "ChangePassword", "LoginProfile", user.UserName, "PasswordChanged");
        var updated = await _store.UpdateLoginProfileAsync(changed, audit, ct);
        if (!updated.IsSuccess)
        {
            return updated.Error;
        }

        await _passwordPolicy.RememberAsync(changed.UserId, changed.PasswordHash, initial: false, ct);
        return changed;
    }

    public async Task<Result> DeleteLoginProfileAsync(AuditContext ctx, string? userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var found = await GetAsync(ctx.Actor.AccountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var audit = AuditEvents.Create(ctx, _time, "DeleteLoginProfile", "LoginProfile", found.Value.UserName);
        return await _store.DeleteLoginProfileAsync(found.Value.UserId, audit, ct);
    }

    public Task<Result> AttachPolicyAsync(AuditContext ctx, string? userName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, userName, policyName, policyType, attach: true, ct);

    public Task<Result> DetachPolicyAsync(AuditContext ctx, string? userName, string? policyName, string? policyType, CancellationToken ct) =>
        ChangePolicyAsync(ctx, userName, policyName, policyType, attach: false, ct);

    public async Task<Result<IReadOnlyList<PolicyAttachment>>> ListPoliciesAsync(string accountId, string? userName, CancellationToken ct)
    {
        var found = await GetAsync(accountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var policies = await _store.ListPoliciesAsync(found.Value.UserId, ct);
        return Result.Of(policies);
    }

    private Task<Result> ChangePolicyAsync(AuditContext ctx, string? userName, string? policyName, string? policyType, bool attach, CancellationToken ct) =>
        PolicyAttachments.ChangeAsync(ctx, policyName, policyType, attach, token => PolicyTargetAsync(ctx.Actor.AccountId, userName, token), _policies, _permissions, _time, ct);

    private async Task<Result<PolicyTarget>> PolicyTargetAsync(string accountId, string? userName, CancellationToken ct)
    {
        var found = await GetAsync(accountId, userName, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var user = found.Value;
        return new PolicyTarget(
            "User",
            user.UserName,
            _options.MaxSystemPoliciesPerUser,
            _options.MaxCustomPoliciesPerUser,
            (policy, type, limit, audit, token) => _store.AttachPolicyAsync(new PolicyAttachment(user.AccountId, user.UserId, policy, type, _time.GetUtcNow()), limit, audit, token),
            (policy, audit, token) => _store.DetachPolicyAsync(user.UserId, policy, audit, token));
    }
}
