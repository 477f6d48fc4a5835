using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Storage.PostgreSql;

/// <summary>Accounts: the behaviour is <see cref="SqlAccountStore"/>, shared with the other provider.</summary>
public sealed partial class PostgreSqlLatchkeyStore
{
    private SqlAccountStore? _accountsStore;

    private SqlAccountStore Accounts => _accountsStore ??= new SqlAccountStore(Dialect);

    public Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.AddAccountAsync(account, audit, cancellationToken);

    public Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.AddFirstAccountAsync(account, audit, cancellationToken);

    public Task<bool> AnyAccountAsync(CancellationToken cancellationToken) =>
        Accounts.AnyAccountAsync(cancellationToken);

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        Accounts.FindAccountAsync(accountId, cancellationToken);

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken) =>
        Accounts.FindAccountByNameAsync(accountName, cancellationToken);

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken) =>
        Accounts.FindAccountByAliasAsync(accountAlias, cancellationToken);

    public Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        Accounts.UpdateAccountAsync(account, audit, cancellationToken);
}
