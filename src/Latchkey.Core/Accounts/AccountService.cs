using System.Text.RegularExpressions;
using Latchkey.Core.Audit;
using Latchkey.Core.Authorization;
using Latchkey.Core.Principals;
using Latchkey.Core.Results;
using Latchkey.Core.Secrets;

namespace Latchkey.Core.Accounts;

/// <summary>Accounts: sign-up, console password, alias and account-wide settings.</summary>
public sealed partial class AccountService
{
    private readonly IAccountStore _store;
    private readonly TimeProvider _time;
    private readonly PermissionChanges _permissions;

    public AccountService(IAccountStore store, TimeProvider time, PermissionChanges permissions)
    {
        _store = store;
        _time = time;
        _permissions = permissions;
    }

    /// <summary>Creates an account (the operator's CLI, or console sign-up when it is open).</summary>
    public Task<Result<Account>> CreateAsync(string accountName, string password, string sourceIp, string requestId, CancellationToken ct) =>
        CreateAsync(accountName, password, sourceIp, requestId, onlyIfFirst: false, ct);

    /// <summary>Creates the first account of a fresh install; Errors.Account.SignUpClosed once one exists.</summary>
    public Task<Result<Account>> CreateFirstAsync(string accountName, string password, string sourceIp, string requestId, CancellationToken ct) =>
        CreateAsync(accountName, password, sourceIp, requestId, onlyIfFirst: true, ct);

    /// <summary>Whether the install has any account yet.</summary>
    public Task<bool> AnyAsync(CancellationToken ct) => _store.AnyAccountAsync(ct);

    private async Task<Result<Account>> CreateAsync(string accountName, string password, string sourceIp, string requestId, bool onlyIfFirst, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accountName))
        {
            return Errors.Missing("AccountName");
        }

        if (!AccountNamePattern().IsMatch(accountName))
        {
            return Errors.Account.NameInvalid;
        }

        if (!PasswordHashing.MeetsPolicy(password))
        {
            return Errors.LoginProfile.PasswordTooWeak;
        }

        var now = _time.GetUtcNow();
        var account = new Account(NumericIds.New(), accountName, null, PasswordHashing.Hash(password), false, now, now);
        var audit = AuditEvents.Create(account.AccountId, account.AccountId, null, sourceIp, requestId, _time, "CreateAccount", "Account", accountName);
        return onlyIfFirst ? await _store.AddFirstAccountAsync(account, audit, ct) : await _store.AddAccountAsync(account, audit, ct);
    }

    public Task<Account?> FindAsync(string accountId, CancellationToken ct) => _store.FindAccountAsync(accountId, ct);

    public Task<Account?> FindByNameAsync(string accountName, CancellationToken ct) => _store.FindAccountByNameAsync(accountName, ct);

    public async Task<Result<Account>> VerifyPasswordAsync(string accountName, string password, CancellationToken ct)
    {
        var account = string.IsNullOrEmpty(accountName) ? null : await _store.FindAccountByNameAsync(accountName, ct);

        // Verify even when there is no account, so the answer takes as long either way.
        var valid = PasswordHashing.Verify(account?.PasswordHash, password ?? "");
        return valid && account is not null ? account : Errors.Account.LogonFailed;
    }

    public async Task<Result<Account>> SetAliasAsync(AuditContext ctx, string accountAlias, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrEmpty(accountAlias))
        {
            return Errors.Missing("AccountAlias");
        }

        if (accountAlias.Length is < 3 or > 32)
        {
            return Errors.Account.AliasLength;
        }

        if (!AliasPattern().IsMatch(accountAlias) || accountAlias.Contains("--", StringComparison.Ordinal))
        {
            return Errors.Account.AliasFormat;
        }

        return await UpdateAsync(ctx, "SetAccountAlias", accountAlias, account => account with { Alias = accountAlias }, ct);
    }

    public Task<Result<Account>> ClearAliasAsync(AuditContext ctx, CancellationToken ct) =>
        UpdateAsync(ctx, "ClearAccountAlias", "", account => account with { Alias = null }, ct);

    public async Task<Result<Account>> SetAllowUsersToManageOwnAccessKeysAsync(AuditContext ctx, bool allow, CancellationToken ct)
    {
        var updated = await UpdateAsync(ctx, "SetSecurityPreference", $"AllowUserToManageAccessKeys={allow}", account => account with { AllowUsersToManageOwnAccessKeys = allow }, ct, changesPermissions: true);
        if (updated.IsSuccess)
        {
            // The preference is part of every RAM user's compiled permissions.
            await _permissions.PublishAsync(updated.Value.AccountId, ct);
        }

        return updated;
    }

    public async Task<Result<Account>> ChangePasswordAsync(AuditContext ctx, string newPassword, CancellationToken ct)
    {
        if (!PasswordHashing.MeetsPolicy(newPassword))
        {
            return Errors.LoginProfile.PasswordTooWeak;
        }

        var hash = PasswordHashing.Hash(newPassword);
        return await UpdateAsync(ctx, "ChangePassword", "", account => account with { PasswordHash = hash }, ct);
    }

    private async Task<Result<Account>> UpdateAsync(AuditContext ctx, string eventName, string details, Func<Account, Account> change, CancellationToken ct, bool changesPermissions = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var account = await _store.FindAccountAsync(ctx.Actor.AccountId, ct);
        if (account is null)
        {
            return Errors.Account.NotFound;
        }

        var updated = change(account) with { UpdateDate = _time.GetUtcNow() };
        var audit = AuditEvents.Create(ctx, _time, eventName, "Account", account.AccountName, details) with { ChangesPermissions = changesPermissions };
        return await _store.UpdateAccountAsync(updated, audit, ct);
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex AccountNamePattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex AliasPattern();
}
