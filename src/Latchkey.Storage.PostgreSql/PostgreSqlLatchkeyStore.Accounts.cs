using System.Data.Common;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using Npgsql;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.PostgreSql;

public sealed partial class PostgreSqlLatchkeyStore
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The first account of a fresh install: EXCLUSIVE mode lets readers on but queues every other
        // writer of accounts, so two nodes cannot both see an empty table and both insert.
        if (onlyIfFirst)
        {
            await ExecuteAsync(connection, transaction, "LOCK TABLE accounts IN EXCLUSIVE MODE", cancellationToken);
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM accounts LIMIT 1", cancellationToken))
            {
                return Errors.Account.SignUpClosed;
            }
        }

        try
        {
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO accounts ({AccountColumns}) VALUES (@id, @name, @alias::text, @password_hash::text, @allow, @created, @updated)",
                cancellationToken,
                StoreParameters.Account('@', account));
        }
        catch (PostgresException e) when (IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (PostgresException e) when (IsUniqueViolation(e, "accounts_name_uq") || IsUniqueViolation(e, "accounts_pkey"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE account_id = @value", accountId, cancellationToken);

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE lower(account_name) = lower(@value)", accountName, cancellationToken);

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {AccountColumns} FROM accounts WHERE lower(alias) = lower(@value)", accountAlias, cancellationToken);

    public async Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int changed;
        try
        {
            changed = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE accounts SET account_name = @name, alias = @alias::text, password_hash = @password_hash::text,
                    allow_users_to_manage_own_access_keys = @allow, update_date = @updated
                WHERE account_id = @id
                """,
                cancellationToken,
                StoreParameters.Account('@', account));
        }
        catch (PostgresException e) when (IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (PostgresException e) when (IsUniqueViolation(e, "accounts_name_uq"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        if (changed == 0)
        {
            return Errors.Account.NotFound;
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        var stored = await FindAccountWhereAsync(connection, transaction, $"SELECT {AccountColumns} FROM accounts WHERE account_id = @value", account.AccountId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
        await using var command = Command(connection, transaction, sql, ("@value", value));
        return await ReadSingleAsync(command, Rows.Account, cancellationToken);
    }
}
