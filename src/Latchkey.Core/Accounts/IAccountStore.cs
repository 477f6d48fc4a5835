using Latchkey.Core.Audit;
using Latchkey.Core.Results;

namespace Latchkey.Core.Accounts;

/// <summary>Persistence of accounts. Every change is written together with its audit event.</summary>
public interface IAccountStore
{
    /// <summary>Adds the account; <see cref="Errors.Account.NameAlreadyExists"/> when the name is taken.</summary>
    Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken);

    Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Finds by console logon name, case-insensitively.</summary>
    Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken);

    Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken);

    /// <summary>Replaces the account row; <see cref="Errors.Account.AliasAlreadyExists"/> when the alias is taken.</summary>
    Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken);
}
