using Latchkey.Core.AccessKeys;

namespace Latchkey.Storage.Sqlite;

/// <summary>
/// The two reads of the request path, here instead of shared: they run on every cache miss and
/// every ListAccessKeys, as statements prepared once per read session and stepped directly
/// (ReadSessions.cs), without ADO.NET's reader, parameter binder and tasks, which cost more than
/// SQLite's own work. Everything else is <see cref="SqlLatchkeyStore"/>.
/// </summary>
public sealed partial class SqliteLatchkeyStore
{
    private const string FindAccessKeySql =
        $"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE access_key_id = ?1 AND recycle_date IS NULL";

    private const string ListAccessKeysSql =
        $"SELECT {SqlColumns.ListedAccessKey} FROM access_keys WHERE account_id = ?1 AND user_id IS ?2 AND recycle_date IS NULL ORDER BY create_date, access_key_id";

    public override Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return ReadAsync(
            accessKeyId,
            static (session, id) =>
            {
                using var statement = session.Statement(FindAccessKeySql);
                statement.BindText(1, id);
                return statement.Step() ? Rows.StoredAccessKey(statement.Row) : null;
            },
            cancellationToken);
    }

    public override async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return await ReadAsync(
            (accountId, userId),
            static (session, owner) =>
            {
                using var statement = session.Statement(ListAccessKeysSql);
                statement.BindText(1, owner.accountId);
                statement.BindText(2, owner.userId);
                var keys = new List<AccessKey>();
                while (statement.Step())
                {
                    keys.Add(Rows.ListedAccessKey(statement.Row));
                }

                return keys;
            },
            cancellationToken);
    }
}
