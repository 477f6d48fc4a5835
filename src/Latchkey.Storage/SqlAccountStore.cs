using System.Data.Common;
using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Results;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// <see cref="IAccountStore"/> once for both databases: names and aliases are unique
/// case-insensitively through <c>lower(...)</c> indexes, whose violations become <see cref="Errors"/>
/// values here.
/// </summary>
public sealed class SqlAccountStore(IPolicySqlDialect dialect) : IAccountStore
{
    public Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        AddAccountAsync(account, audit, onlyIfFirst: false, cancellationToken);

    public Task<Result<Account>> AddFirstAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken) =>
        AddAccountAsync(account, audit, onlyIfFirst: true, cancellationToken);

    public async Task<bool> AnyAccountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExistsAsync(connection, null, "SELECT 1 FROM accounts LIMIT 1", cancellationToken);
    }

    private async Task<Result<Account>> AddAccountAsync(Account account, AuditEvent audit, bool onlyIfFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);

        // The first account of a fresh install: no other account may appear between this check and
        // the insert (SQLite's write lock, PostgreSQL's table lock).
        if (onlyIfFirst)
        {
            if (dialect.LockAccountsTable is { } lockAccounts)
            {
                await ExecuteAsync(connection, transaction, lockAccounts, cancellationToken);
            }

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
                $"INSERT INTO accounts ({SqlColumns.Account}) VALUES (@id, @name, CAST(@alias AS text), CAST(@password_hash AS text), @allow, @created, @updated)",
                cancellationToken,
                StoreParameters.Account('@', account));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "accounts_name_uq") || dialect.IsPrimaryKeyViolation(e, "accounts", "account_id"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {SqlColumns.Account} FROM accounts WHERE account_id = @value", accountId, cancellationToken);

    public Task<Account?> FindAccountByNameAsync(string accountName, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {SqlColumns.Account} FROM accounts WHERE lower(account_name) = lower(@value)", accountName, cancellationToken);

    public Task<Account?> FindAccountByAliasAsync(string accountAlias, CancellationToken cancellationToken) =>
        FindAccountWhereAsync($"SELECT {SqlColumns.Account} FROM accounts WHERE lower(alias) = lower(@value)", accountAlias, cancellationToken);

    public async Task<Result<Account>> UpdateAccountAsync(Account account, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        int changed;
        try
        {
            changed = await ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE accounts SET account_name = @name, alias = CAST(@alias AS text), password_hash = CAST(@password_hash AS text),
                    allow_users_to_manage_own_access_keys = @allow, update_date = @updated
                WHERE account_id = @id
                """,
                cancellationToken,
                StoreParameters.Account('@', account));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "accounts_alias_uq"))
        {
            return Errors.Account.AliasAlreadyExists;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e, "accounts_name_uq"))
        {
            return Errors.Account.NameAlreadyExists;
        }

        if (changed == 0)
        {
            return Errors.Account.NotFound;
        }

        await SqlAudit.InsertAsync(dialect, connection, transaction, audit, cancellationToken);
        var stored = await FindAccountWhereAsync(connection, transaction, $"SELECT {SqlColumns.Account} FROM accounts WHERE account_id = @value", account.AccountId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored!;
    }

    private async Task<Account?> FindAccountWhereAsync(string sql, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await FindAccountWhereAsync(connection, null, sql, value, cancellationToken);
    }

    private static async Task<Account?> FindAccountWhereAsync(DbConnection connection, DbTransaction? transaction, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, ("@value", value));
        return await ReadSingleAsync(command, Rows.Account, cancellationToken);
    }
}
