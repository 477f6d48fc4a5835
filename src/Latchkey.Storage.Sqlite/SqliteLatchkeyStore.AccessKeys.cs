using Latchkey.Core.AccessKeys;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage.Sqlite;

/// <summary>
/// The two reads of the request path, here instead of shared: they run on every cache miss and
/// every ListAccessKeys, on a read session whose statements are prepared once (ReadAsync in
/// ReadSessions.cs). Everything else is <see cref="SqlLatchkeyStore"/>.
/// </summary>
public sealed partial class SqliteLatchkeyStore
{
    public override Task<StoredAccessKey?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        ReadAsync(
            (session, ct) => ReadSingleAsync(
                session.Command($"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE access_key_id = $id AND recycle_date IS NULL", ("$id", accessKeyId)),
                Rows.StoredAccessKey,
                ct),
            cancellationToken);

    public override async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string accountId, string? userId, CancellationToken cancellationToken) =>
        await ReadAsync(
            (session, ct) => ReadListAsync(
                session.Command(
                    $"SELECT {SqlColumns.AccessKey} FROM access_keys WHERE account_id = $a AND user_id IS $u AND recycle_date IS NULL ORDER BY create_date, access_key_id",
                    ("$a", accountId),
                    ("$u", userId)),
                static reader => Rows.StoredAccessKey(reader).Key,
                ct),
            cancellationToken);
}
