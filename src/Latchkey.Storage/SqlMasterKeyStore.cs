using System.Runtime.CompilerServices;
using Latchkey.Core.AccessKeys;
using Latchkey.Core.Secrets;
using static Latchkey.Storage.DbCommands;

namespace Latchkey.Storage;

/// <summary>
/// The master key checks and the questions rotation and retirement ask of the stored secrets,
/// once for both databases; <paramref name="keyColumns"/> are the provider's access_keys columns
/// in <see cref="Rows.StoredAccessKey"/> order.
/// </summary>
public sealed class SqlMasterKeyStore(IPolicySqlDialect dialect, string keyColumns) : IMasterKeyCheckStore
{
    public async Task<IReadOnlyDictionary<int, byte[]>> ListMasterKeyChecksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT key_version, check_value FROM master_key_checks");
        var rows = await ReadListAsync(command, reader => (reader.GetInt32(0), reader.GetFieldValue<byte[]>(1)), cancellationToken);
        return rows.ToDictionary(row => row.Item1, row => row.Item2);
    }

    public async Task AddMasterKeyCheckAsync(int keyVersion, byte[] check, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "INSERT INTO master_key_checks (key_version, check_value) VALUES (@v, @c) ON CONFLICT (key_version) DO NOTHING",
            cancellationToken,
            ("@v", keyVersion),
            ("@c", check));
    }

    public async Task RemoveMasterKeyCheckAsync(int keyVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM master_key_checks WHERE key_version = @v", cancellationToken, ("@v", keyVersion));
    }

    public async Task<IReadOnlyDictionary<int, long>> CountAccessKeysByKeyVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT key_version, count(*) FROM access_keys GROUP BY key_version");
        var rows = await ReadListAsync(command, reader => (reader.GetInt32(0), reader.GetInt64(1)), cancellationToken);
        return rows.ToDictionary(row => row.Item1, row => row.Item2);
    }

    public async Task<StoredAccessKey?> FindAccessKeyByKeyVersionAsync(int keyVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {keyColumns} FROM access_keys WHERE key_version = @v ORDER BY access_key_id LIMIT 1", ("@v", keyVersion));
        return await ReadSingleAsync(command, Rows.StoredAccessKey, cancellationToken);
    }

    public async IAsyncEnumerable<StoredAccessKey> ListAccessKeysBySecretFormatAsync(int format, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {keyColumns} FROM access_keys WHERE secret_format = @f ORDER BY access_key_id", ("@f", format));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Rows.StoredAccessKey(reader);
        }
    }
}
