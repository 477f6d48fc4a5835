using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.Accounts;

/// <summary>Persistence of accounts. Every change is written together with its audit event.</summary>
public interface IAccountStore
{
    /// <summary>Adds the account; <see cref="Errors.Account.NameAlreadyExists"/> when the name is taken.</summary>
    Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the account only when the store holds none yet (the set-up of a fresh install), else
    /// <see cref="Errors.Account.SignUpClosed"/>; atomic under concurrent calls on any number of nodes.
    /// </summary>
    Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Whether any account exists.</summary>
    Task<bool> AnyAccountAsync(CancellationToken cancellationToken);

    Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Finds by console logon name, case-insensitively.</summary>
    Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken);

    Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken);

    /// <summary>Replaces the account row; <see cref="Errors.Account.AliasAlreadyExists"/> when the alias is taken.</summary>
    Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken);
}
