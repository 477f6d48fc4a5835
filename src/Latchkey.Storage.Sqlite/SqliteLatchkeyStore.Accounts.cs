using System.Data.Common;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Microsoft.Data.Sqlite;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.Sqlite;

public sealed partial class SqliteLatchkeyStore
{
    private const string AccountColumns =
        "account_id, account_name, alias, password_hash, allow_users_to_manage_own_access_keys, create_date, update_date";

    public Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        AddAccountAsync(account, audit, onlyIfFirst: false, cancellationToken);

    public Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        AddAccountAsync(account, audit, onlyIfFirst: true, cancellationToken);

    public async Task<bool> AnyAccountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExistsAsync(connection, null, "SELECT 1 FROM accounts LIMIT 1", cancellationToken);
    }

    private async Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, bool onlyIfFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = BeginWrite(connection);

        // BEGIN IMMEDIATE holds the write lock: no other account can appear between this check and the insert.
        if (onlyIfFirst && await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts LIMIT 1", cancellationToken))
        {
            return Errors.Account.SignUpClosed;
        }

        try
        {
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO accounts ({AccountColumns}) VALUES ($id, $name, $alias, $password_hash, $allow, $created, $updated)",
                cancellationToken,
                StoreParameters.Account('$', account));
        }
        catch (SqliteException e) when (IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (SqliteException e) when (IsUniqueViolation(e, "accounts_name_uq") || IsUniqueViolation(e, "accounts.account_id"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        transaction.Commit();
        return account;
    }

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE account_id = $value", accountId, cancellationToken);

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE lower(account_name) = lower($value)", accountName, cancellationToken);

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE lower(alias) = lower($value)", accountAlias, cancellationToken);

    public async Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = BeginWrite(connection);
        int changed;
        try
        {
            changed = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE accounts SET account_name = $name, alias = $alias, password_hash = $password_hash,
                    allow_users_to_manage_own_access_keys = $allow, update_date = $updated
                WHERE account_id = $id
                """,
                cancellationToken,
                StoreParameters.Account('$', account));
        }
        catch (SqliteException e) when (IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (SqliteException e) when (IsUniqueViolation(e, "accounts_name_uq"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        if (changed == 0)
        {
            return Errors.Account.NotFound;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        var stored = await FindAccountWhereAsync(connection, transaction, $"SELECT {AccountColumns} FROM accounts WHERE account_id = $value", account.AccountId, cancellationToken);
        transaction.Commit();
        return stored!;
    }

    private async Task<Account?> FindAccountWhereAsync(string sql, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await OpenAsync(cancellationToken);
        return await FindAccountWhereAsync(connection, null, sql, value, cancellationToken);
    }

    private static async Task<Account?> FindAccountWhereAsync(DbConnection connection, DbTransaction? transaction, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, ("$value", value));
        return await ReadSingleAsync(command, Rows.Account, cancellationToken);
    }
}
